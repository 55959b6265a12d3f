"""A reproducible multilingual population with known duplicates, for the matching benchmark.

Nine communities Noddfa's users meet (Vietnamese, Albanian, Eritrean, Arabic-speaking,
Ukrainian and Russian, Romanian, Polish, Chinese, Nigerian, Welsh and English). Each name
carries the spellings it really arrives in: native script, other transliterations,
diacritics or none, nicknames. A person's second and third records are made the way
agencies make them: a different script or spelling, family name first, a nickname, a
typo, the date of birth missing, only a year, day and month swapped or an estimated age,
a changed or missing phone, a new address. Every figure comes from a seeded generator.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, replace

# (usual Latin spelling, other spellings including native script)
Names = list[tuple[str, tuple[str, ...]]]

COMMUNITIES: dict[str, dict[str, Names]] = {
    "vietnamese": {
        "given": [
            ("An", ("Ân", "Anh")),
            ("Minh", ("Mính",)),
            ("Huy", ("Huý",)),
            ("Linh", ("Lính",)),
            ("Lan", ("Lán",)),
            ("Thu", ("Thư",)),
            ("Hung", ("Hùng",)),
            ("Duc", ("Đức",)),
            ("Quang", ("Quảng",)),
            ("Tuan", ("Tuấn",)),
            ("Mai", ("Mại",)),
            ("Hoa", ("Hòa",)),
            ("Long", ("Lông",)),
            ("Nam", ("Năm",)),
            ("Phuong", ("Phương",)),
            ("Thao", ("Thảo",)),
        ],
        "family": [
            ("Nguyen", ("Nguyễn", "Nguyen Van", "Nguyễn Thị")),
            ("Tran", ("Trần",)),
            ("Le", ("Lê",)),
            ("Pham", ("Phạm",)),
            ("Hoang", ("Hoàng", "Huynh")),
            ("Vu", ("Vũ", "Vo")),
            ("Dang", ("Đặng",)),
            ("Bui", ("Bùi",)),
            ("Do", ("Đỗ",)),
            ("Ngo", ("Ngô",)),
            ("Duong", ("Dương",)),
            ("Ly", ("Lý",)),
        ],
    },
    "albanian": {
        "given": [
            ("Arben", ()),
            ("Liridon", ()),
            ("Besnik", ()),
            ("Dritan", ()),
            ("Elira", ()),
            ("Arta", ()),
            ("Blerina", ()),
            ("Mergim", ("Mërgim",)),
            ("Ilir", ()),
            ("Gentian", ("Genti",)),
            ("Valbona", ()),
            ("Klodian", ("Klodi",)),
            ("Ermira", ()),
            ("Fatjon", ()),
            ("Erion", ()),
            ("Dorina", ()),
        ],
        "family": [
            ("Krasniqi", ("Krasniči",)),
            ("Hoxha", ("Hodza", "Hoxhaj")),
            ("Berisha", ()),
            ("Gashi", ()),
            ("Shehu", ("Sheu",)),
            ("Kelmendi", ()),
            ("Morina", ()),
            ("Rama", ()),
            ("Dervishi", ("Dervish",)),
            ("Leka", ()),
            ("Bytyqi", ("Bytyci",)),
            ("Zeqiri", ("Zekiri",)),
        ],
    },
    "eritrean": {
        "given": [
            ("Yonas", ("ዮናስ", "Yohannes")),
            ("Selam", ("ሰላም",)),
            ("Mulugeta", ("ሙሉጌታ",)),
            ("Kidane", ("ኪዳነ",)),
            ("Haile", ("ሃይለ", "Hayle")),
            ("Berhane", ("ብርሃነ", "Birhane")),
            ("Senait", ("ሰናይት", "Senayt")),
            ("Dawit", ("ዳዊት", "Dawud")),
            ("Helen", ("ሄለን",)),
            ("Filmon", ()),
            ("Semhar", ()),
            ("Robel", ()),
        ],
        "family": [
            ("Tesfay", ("ተስፋይ", "Tesfaye", "Tesfai")),
            ("Gebre", ("ገብረ", "Gebremariam")),
            ("Abraham", ("ኣብርሃም", "Abrham")),
            ("Haile", ("ሃይለ",)),
            ("Kidane", ("ኪዳነ",)),
            ("Mehari", ()),
            ("Tekle", ("Teklay",)),
            ("Ghebremedhin", ("Gebremedhin",)),
            ("Woldu", ("Weldu",)),
            ("Habte", ()),
        ],
    },
    "arabic": {
        "given": [
            ("Mohammed", ("محمد", "Muhammad", "Mohamed")),
            ("Ahmed", ("أحمد", "Ahmad")),
            ("Omar", ("عمر", "Umar")),
            ("Ali", ("علي",)),
            ("Hassan", ("حسن", "Hasan")),
            ("Hussein", ("حسين", "Husain")),
            ("Yousef", ("يوسف", "Yusuf")),
            ("Ibrahim", ("إبراهيم", "Ebrahim")),
            ("Khalid", ("خالد", "Khaled")),
            ("Fatima", ("فاطمة", "Fatma")),
            ("Aisha", ("عائشة", "Ayesha")),
            ("Mariam", ("مريم", "Maryam")),
            ("Layla", ("ليلى", "Leila")),
            ("Noor", ("نور", "Nour")),
        ],
        "family": [
            ("Al-Hassan", ("الحسن", "Alhassan", "Hassan")),
            ("Haddad", ("حداد",)),
            ("Khalil", ("خليل",)),
            ("Mansour", ("منصور", "Mansur")),
            ("Saleh", ("صالح", "Salih")),
            ("Nasser", ("ناصر", "Nasir")),
            ("Hamdan", ("حمدان",)),
            ("Abdallah", ("عبدالله", "Abdullah")),
            ("Osman", ("عثمان", "Othman")),
            ("Karim", ("كريم", "Kareem")),
        ],
    },
    "ukrainian_russian": {
        "given": [
            ("Ivan", ("Иван",)),
            ("Dmitri", ("Дмитрий", "Dmitriy", "Dima")),
            ("Sergei", ("Сергей", "Sergey")),
            ("Oleksandr", ("Олександр", "Sasha", "Alexander")),
            ("Olena", ("Олена", "Elena")),
            ("Natalia", ("Наталья", "Natasha")),
            ("Tetiana", ("Тетяна", "Tatiana", "Tanya")),
            ("Andrii", ("Андрій", "Andriy", "Andrei")),
            ("Yulia", ("Юлия", "Iuliia")),
            ("Mykola", ("Микола", "Nikolai")),
        ],
        "family": [
            ("Petrov", ("Петров",)),
            ("Ivanov", ("Иванов",)),
            ("Shevchenko", ("Шевченко",)),
            ("Kovalenko", ("Коваленко",)),
            ("Bondarenko", ("Бондаренко",)),
            ("Melnyk", ("Мельник", "Melnik")),
            ("Sidorov", ("Сидоров",)),
            ("Popov", ("Попов",)),
            ("Kuznetsov", ("Кузнецов",)),
            ("Tkachenko", ("Ткаченко",)),
        ],
    },
    "romanian": {
        "given": [
            ("Andrei", ()),
            ("Ionut", ("Ionuț",)),
            ("Mihai", ()),
            ("Alexandru", ("Alex",)),
            ("Elena", ()),
            ("Ioana", ()),
            ("Gabriela", ("Gabi",)),
            ("Florin", ()),
            ("Cristian", ("Cristi",)),
            ("Daniela", ()),
            ("Stefan", ("Ștefan",)),
        ],
        "family": [
            ("Popescu", ()),
            ("Ionescu", ()),
            ("Popa", ()),
            ("Dumitru", ()),
            ("Stan", ()),
            ("Stoica", ()),
            ("Gheorghe", ()),
            ("Rusu", ()),
            ("Munteanu", ()),
            ("Matei", ()),
            ("Constantin", ()),
        ],
    },
    "polish": {
        "given": [
            ("Lukasz", ("Łukasz",)),
            ("Krzysztof", ()),
            ("Piotr", ()),
            ("Tomasz", ("Tomek",)),
            ("Agnieszka", ()),
            ("Katarzyna", ("Kasia",)),
            ("Malgorzata", ("Małgorzata",)),
            ("Pawel", ("Paweł",)),
            ("Michal", ("Michał",)),
            ("Anna", ("Ania",)),
        ],
        "family": [
            ("Nowak", ()),
            ("Kowalski", ()),
            ("Wisniewski", ("Wiśniewski",)),
            ("Wojcik", ("Wójcik",)),
            ("Kowalczyk", ()),
            ("Kaminski", ("Kamiński",)),
            ("Lewandowski", ()),
            ("Zielinski", ("Zieliński",)),
            ("Szymanski", ("Szymański",)),
            ("Wozniak", ("Woźniak",)),
        ],
    },
    "chinese": {
        "given": [
            ("Wei", ("伟",)),
            ("Fang", ("芳",)),
            ("Lei", ("磊",)),
            ("Jun", ("军",)),
            ("Yan", ("燕",)),
            ("Jie", ("杰",)),
            ("Ming", ("明",)),
            ("Hui", ("慧",)),
            ("Xiaolong", ("小龙", "Xiao Long")),
            ("Li", ("丽",)),
        ],
        "family": [
            ("Wang", ("王",)),
            ("Li", ("李", "Lee")),
            ("Zhang", ("张", "Chang")),
            ("Liu", ("刘",)),
            ("Chen", ("陈", "Chan")),
            ("Yang", ("杨",)),
            ("Zhao", ("赵",)),
            ("Huang", ("黄", "Wong")),
            ("Zhou", ("周", "Chow")),
            ("Wu", ("吴",)),
        ],
    },
    "nigerian": {
        "given": [
            ("Chinedu", ()),
            ("Oluwaseun", ("Seun",)),
            ("Adebayo", ("Bayo",)),
            ("Ngozi", ()),
            ("Chukwuemeka", ("Emeka",)),
            ("Chioma", ()),
            ("Babatunde", ("Tunde",)),
            ("Funmilayo", ("Funmi",)),
            ("Ifeanyi", ()),
            ("Blessing", ()),
        ],
        "family": [
            ("Okafor", ()),
            ("Adeyemi", ()),
            ("Okonkwo", ()),
            ("Olawale", ()),
            ("Eze", ()),
            ("Nwosu", ()),
            ("Balogun", ()),
            ("Adewale", ()),
            ("Obi", ()),
            ("Afolabi", ()),
        ],
    },
    "welsh_english": {
        "given": [
            ("Rhys", ()),
            ("Dafydd", ("Dai", "David")),
            ("Gwen", ()),
            ("Sian", ("Siân",)),
            ("Megan", ()),
            ("Elis", ("Ellis",)),
            ("Thomas", ("Tom",)),
            ("William", ("Bill", "Will")),
            ("Elizabeth", ("Liz", "Beth")),
            ("Catrin", ("Katherine",)),
            ("Owain", ("Owen",)),
            ("Ffion", ()),
        ],
        "family": [
            ("Jones", ()),
            ("Williams", ()),
            ("Davies", ("Davis",)),
            ("Evans", ()),
            ("Thomas", ()),
            ("Roberts", ()),
            ("Hughes", ()),
            ("Lewis", ()),
            ("Morgan", ()),
            ("Griffiths", ("Griffith",)),
            ("Pritchard", ()),
            ("Llewellyn", ("Llywelyn",)),
        ],
    },
}
FAMILY_FIRST = {"vietnamese", "chinese"}
STREETS = [
    "High Street",
    "Heol y Frenhines",
    "Station Road",
    "Church Lane",
    "Stryd y Farchnad",
    "Park Avenue",
    "Mill Road",
    "Heol Tŷ Gwyn",
    "Victoria Street",
    "Castle Close",
]
DISTRICTS = [f"{area}{n}" for area in ("CF", "SA", "NP", "LL", "SY", "LD") for n in range(1, 40)]
HEADER = [
    "id",
    "given_name",
    "family_name",
    "date_of_birth",
    "sex",
    "address",
    "postcode",
    "phone",
    "nationality",
]


@dataclass(frozen=True)
class Row:
    id: str
    entity: int
    given_name: str
    family_name: str
    date_of_birth: str
    sex: str
    address: str
    postcode: str
    phone: str
    nationality: str

    def as_list(self) -> list[str]:
        return [
            self.id,
            self.given_name,
            self.family_name,
            self.date_of_birth,
            self.sex,
            self.address,
            self.postcode,
            self.phone,
            self.nationality,
        ]


def _typo(rng: random.Random, text: str) -> str:
    if len(text) < 4:
        return text
    i = rng.randrange(1, len(text) - 1)
    kind = rng.randrange(3)
    if kind == 0:
        return text[:i] + text[i + 1 :]
    if kind == 1:
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    return text[:i] + rng.choice("aeiounrst") + text[i + 1 :]


def _spelling(rng: random.Random, name: tuple[str, tuple[str, ...]]) -> str:
    latin, others = name
    return rng.choice(others) if others else latin


def _variant(
    rng: random.Random,
    base: Row,
    name: tuple[Names, Names],
    community: str,
    index: int,
    new_id: str,
) -> Row:
    (given_pick, family_pick) = name
    given, family = base.given_name, base.family_name
    changes = rng.sample(
        ["script", "script", "order", "typo", "dob", "dob", "phone", "address", "postcode", "none"],
        k=rng.randint(1, 3),
    )
    row = replace(base, id=new_id)
    # The order is swapped last, so a respelling or a typo changes the name it was meant
    # for, whichever field that name ends up in.
    swapped = False
    for change in changes:
        if change == "script":
            which = rng.randrange(3)
            if which in (0, 2):
                given = _spelling(rng, given_pick[0])
            if which in (1, 2):
                family = _spelling(rng, family_pick[0])
        elif change == "order":
            swapped = not swapped
        elif change == "typo":
            if rng.random() < 0.5:
                given = _typo(rng, given)
            else:
                family = _typo(rng, family)
        elif change == "dob" and row.date_of_birth.count("-") == 2:
            year, month, day = row.date_of_birth.split("-")
            how = rng.randrange(4)
            if how == 0:
                row = replace(row, date_of_birth="")
            elif how == 1:
                row = replace(row, date_of_birth=year)
            elif how == 2 and int(day) <= 12:
                row = replace(row, date_of_birth=f"{year}-{day}-{month}")
            else:
                row = replace(row, date_of_birth=str(int(year) + rng.choice((-1, 1))))
        elif change == "phone":
            row = replace(row, phone="" if rng.random() < 0.5 else _phone(rng))
        elif change == "address":
            row = replace(row, address=_address(rng), postcode=_postcode(rng))
        elif change == "postcode":
            row = replace(row, postcode="")
    if community in FAMILY_FIRST and rng.random() < 0.3:
        swapped = not swapped
    if swapped:
        given, family = family, given
    return replace(row, given_name=given, family_name=family)


def _phone(rng: random.Random) -> str:
    return f"07{rng.randrange(100, 999)} {rng.randrange(100000, 999999)}"


def _address(rng: random.Random) -> str:
    return f"{rng.randrange(1, 200)} {rng.choice(STREETS)}"


def _postcode(rng: random.Random) -> str:
    letters = "ABDEFGHJLNPQRSTUWXYZ"
    return (
        f"{rng.choice(DISTRICTS)} {rng.randrange(1, 10)}{rng.choice(letters)}{rng.choice(letters)}"
    )


def population(size: int, seed: int = 20261125) -> Iterator[Row]:
    """`size` records; about a third of people have a second or third record."""
    rng = random.Random(seed)
    made = 0
    entity = 0
    communities = sorted(COMMUNITIES)
    while made < size:
        community = rng.choice(communities)
        names = COMMUNITIES[community]
        given_pick = rng.choice(names["given"])
        family_pick = rng.choice(names["family"])
        middle = rng.random() < 0.15
        given = given_pick[0] + (f" {rng.choice(names['given'])[0]}" if middle else "")
        born = (
            f"{rng.randrange(1955, 2022)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
            if rng.random() < 0.9
            else ""
        )
        base = Row(
            id=f"p{made}",
            entity=entity,
            given_name=given,
            family_name=family_pick[0],
            date_of_birth=born,
            sex=rng.choice(("female", "male")),
            address=_address(rng) if rng.random() < 0.8 else "",
            postcode=_postcode(rng) if rng.random() < 0.8 else "",
            phone=_phone(rng) if rng.random() < 0.6 else "",
            nationality=community,
        )
        copies = rng.choices((1, 2, 3), weights=(66, 24, 10))[0]
        yield base
        made += 1
        for copy in range(1, copies):
            if made >= size:
                break
            yield _variant(rng, base, ([given_pick], [family_pick]), community, copy, f"p{made}")
            made += 1
        entity += 1


def true_pairs(rows: list[Row]) -> set[frozenset[str]]:
    by_entity: dict[int, list[str]] = {}
    for row in rows:
        by_entity.setdefault(row.entity, []).append(row.id)
    return {
        frozenset((a, b))
        for ids in by_entity.values()
        for i, a in enumerate(ids)
        for b in ids[i + 1 :]
    }
