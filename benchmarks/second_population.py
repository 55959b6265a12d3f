"""A second multilingual population with known duplicates, made independently of the first.

.venv/bin/python benchmarks/second_population.py --csv people.csv      # write the records
.venv/bin/python benchmarks/second_population.py --score pairs.csv     # score noddfa's pairs

`synthetic_people.py` was written alongside the matcher, so a matcher tuned on it may only
have learnt that generator. This one shares no code, names or error model with it: other
communities and scripts (Arabic, Urdu and Punjabi in Shahmukhi, Punjabi in Gurmukhi,
Bengali, Tigrinya and Amharic in Ge'ez, Vietnamese with its diacritics, Polish, Romanian
and Albanian letters, Chinese with pinyin, Ukrainian and Russian Cyrillic, Welsh), people
living in households (brothers and sisters, twins, a parent and child who share a name,
address, postcode and phone: the near misses), and duplicates made as agencies make
them here: one side in native script and the other transliterated by ear with a slip, a
year or a month and year of birth against a full date, diacritics dropped, a nickname
against the formal name, the same address with another or a mistyped postcode, the
address written another way, names swapped, fields missing. Every figure comes from a
seeded generator; ~2,800 records and ~1,900 true pairs by default.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Spelt:
    """One name: its usual Latin form, native script (if any), other Latin spellings in
    use, and the short forms people go by."""

    latin: str
    native: str = ""
    others: tuple[str, ...] = ()
    short: tuple[str, ...] = ()


def _n(latin: str, native: str = "", *others: str, short: tuple[str, ...] = ()) -> Spelt:
    return Spelt(latin, native, others, short)


@dataclass(frozen=True)
class Community:
    nationality: str
    female: tuple[Spelt, ...]
    male: tuple[Spelt, ...]
    family: tuple[Spelt, ...]
    # Communities whose names are usually said family name first.
    family_first: bool = False
    # Sikh families: the family field is often Singh or Kaur by sex, not a surname.
    by_sex_family: tuple[Spelt, Spelt] | None = None


COMMUNITIES: tuple[Community, ...] = (
    Community(
        "Syrian",
        female=(
            _n("Layla", "ليلى", "Laila", "Leila"),
            _n("Noor", "نور", "Nour", "Nur"),
            _n("Huda", "هدى", "Houda"),
            _n("Rania", "رانيا", "Raniya"),
            _n("Salma", "سلمى", "Selma"),
            _n("Zainab", "زينب", "Zeinab", "Zaynab"),
            _n("Amira", "أميرة", "Ameera"),
            _n("Mariam", "مريم", "Maryam", "Miriam"),
            _n("Rasha", "رشا"),
            _n("Dalia", "داليا", "Daliya"),
        ),
        male=(
            _n("Ahmed", "أحمد", "Ahmad", "Ahmet"),
            _n("Khalid", "خالد", "Khaled", "Halid"),
            _n("Omar", "عمر", "Umar", "Omer"),
            _n("Yousef", "يوسف", "Yusuf", "Youssef", short=("Joe",)),
            _n("Hassan", "حسن", "Hasan"),
            _n("Karim", "كريم", "Kareem"),
            _n("Samir", "سمير", "Sameer"),
            _n("Tariq", "طارق", "Tarek", "Tareq"),
            _n("Abdulrahman", "عبدالرحمن", "Abdul Rahman", "Abdelrahman", short=("Abdo",)),
            _n("Mahmoud", "محمود", "Mahmud"),
            _n("Ibrahim", "إبراهيم", "Ebrahim", short=("Hima",)),
        ),
        family=(
            _n("Haddad", "حداد", "Hadad"),
            _n("Mansour", "منصور", "Mansur"),
            _n("Nasser", "ناصر", "Nasir"),
            _n("Saleh", "صالح", "Salih"),
            _n("Hamdan", "حمدان"),
            _n("Khoury", "خوري", "Khouri", "Khuri"),
            _n("Aziz", "عزيز", "Abdelaziz"),
            _n("Darwish", "درويش", "Darweesh"),
            _n("Qasim", "قاسم", "Kassem", "Qassem"),
            _n("Abbas", "عباس"),
            _n("Jaber", "جابر", "Jabir"),
            _n("Al-Hamwi", "الحموي", "Hamwi", "Alhamwi"),
        ),
    ),
    Community(
        "Pakistani",
        female=(
            _n("Shazia", "شازیہ", "Shaziya"),
            _n("Nasreen", "نسرین", "Nasrin"),
            _n("Sana", "ثنا", "Sanaa"),
            _n("Rukhsana", "رخسانہ", "Rukhsanah"),
            _n("Farah", "فرح", "Fara"),
            _n("Bushra", "بشریٰ", "Bushraa"),
            _n("Iqra", "اقرا", "Ikra"),
            _n("Saima", "صائمہ", "Sayma"),
        ),
        male=(
            _n("Imran", "عمران", "Emran"),
            _n("Bilal", "بلال", "Belal"),
            _n("Asif", "آصف", "Aasif"),
            _n("Nadeem", "ندیم", "Nadim"),
            _n("Zubair", "زبیر", "Zubayr"),
            _n("Waqas", "وقاص", "Waqqas"),
            _n("Usman", "عثمان", "Osman", "Uthman"),
            _n("Adnan", "عدنان"),
            _n("Faisal", "فیصل", "Faysal"),
        ),
        family=(
            _n("Qureshi", "قریشی", "Kureshi", "Quraishi"),
            _n("Chaudhry", "چودھری", "Choudhry", "Chaudhary"),
            _n("Butt", "بٹ", "Bhatt"),
            _n("Malik", "ملک", "Malick"),
            _n("Akhtar", "اختر", "Akhter"),
            _n("Javed", "جاوید", "Javaid"),
            _n("Hussain", "حسین", "Hussein", "Husain"),
            _n("Raja", "راجہ"),
            _n("Mirza", "مرزا"),
            _n("Sheikh", "شیخ", "Shaikh"),
        ),
    ),
    Community(
        "Indian (Punjabi)",
        female=(
            _n("Harpreet", "ਹਰਪ੍ਰੀਤ", "Harprit"),
            _n("Manjit", "ਮਨਜੀਤ", "Manjeet"),
            _n("Jaswinder", "ਜਸਵਿੰਦਰ", "Jasvinder", short=("Jas",)),
            _n("Amrit", "ਅੰਮ੍ਰਿਤ", "Amrith"),
            _n("Simran", "ਸਿਮਰਨ", "Simren"),
            _n("Navdeep", "ਨਵਦੀਪ", "Navdip", short=("Nav",)),
            _n("Rajinder", "ਰਾਜਿੰਦਰ", "Rajindar"),
        ),
        male=(
            _n("Gurpreet", "ਗੁਰਪ੍ਰੀਤ", "Gurprit", short=("Gary",)),
            _n("Baljit", "ਬਲਜੀਤ", "Baljeet"),
            _n("Kulwant", "ਕੁਲਵੰਤ", "Kulvant"),
            _n("Sukhdev", "ਸੁਖਦੇਵ", "Sukhdeve", short=("Sukh",)),
            _n("Jagjit", "ਜਗਜੀਤ", "Jagjeet"),
            _n("Harjinder", "ਹਰਜਿੰਦਰ", "Harjindar", short=("Harry",)),
            _n("Paramjit", "ਪਰਮਜੀਤ", "Paramjeet", short=("Pam",)),
        ),
        family=(
            _n("Sandhu", "ਸੰਧੂ", "Sandu"),
            _n("Gill", "ਗਿੱਲ", "Gil"),
            _n("Dhillon", "ਢਿੱਲੋਂ", "Dhilon"),
            _n("Sidhu", "ਸਿੱਧੂ", "Sidu"),
            _n("Grewal", "ਗਰੇਵਾਲ", "Grewel"),
            _n("Bains", "ਬੈਂਸ", "Bance"),
            _n("Johal", "ਜੌਹਲ", "Jauhal"),
            _n("Randhawa", "ਰੰਧਾਵਾ", "Randhava"),
        ),
        by_sex_family=(_n("Kaur", "ਕੌਰ", "Kour"), _n("Singh", "ਸਿੰਘ", "Sing")),
    ),
    Community(
        "Bangladeshi",
        female=(
            _n("Rina", "রিনা", "Reena"),
            _n("Shirin", "শিরিন", "Shireen"),
            _n("Nasima", "নাসিমা", "Nasimah"),
            _n("Fatema", "ফাতেমা", "Fatima"),
            _n("Rokeya", "রোকেয়া", "Rokeya", "Rokaya"),
            _n("Sultana", "সুলতানা", "Sultanah"),
            _n("Taslima", "তাসলিমা", "Tasleema"),
            _n("Parveen", "পারভীন", "Parvin", "Perveen"),
        ),
        male=(
            _n("Rahim", "রহিম", "Raheem"),
            _n("Sumon", "সুমন", "Suman"),
            _n("Jahangir", "জাহাঙ্গীর", "Jahangeer"),
            _n("Mizanur", "মিজানুর", "Mizan"),
            _n("Shafiq", "শফিক", "Shafik"),
            _n("Anwar", "আনোয়ার", "Anowar"),
            _n("Kamal", "কামাল", "Kamaal"),
            _n("Rafiqul", "রফিকুল", "Rafiq"),
        ),
        family=(
            _n("Hossain", "হোসেন", "Hosen", "Hussain"),
            _n("Begum", "বেগম", "Begom"),
            _n("Islam", "ইসলাম", "Eslam"),
            _n("Uddin", "উদ্দিন", "Udin", "Ud-Din"),
            _n("Chowdhury", "চৌধুরী", "Choudhury", "Chaudhuri"),
            _n("Miah", "মিয়া", "Mia", "Meah"),
            _n("Sarkar", "সরকার", "Sircar"),
            _n("Rahman", "রহমান", "Rehman"),
            _n("Khatun", "খাতুন", "Khatoon"),
        ),
    ),
    Community(
        "Eritrean",
        female=(
            _n("Senait", "ሰናይት", "Senayt"),
            _n("Mulu", "ሙሉ"),
            _n("Selam", "ሰላም", "Salam"),
            _n("Almaz", "አልማዝ", "Almas"),
            _n("Meron", "ሜሮን", "Miron"),
            _n("Helen", "ሄለን", "Hellen"),
            _n("Saba", "ሳባ"),
            _n("Tsega", "ጸጋ", "Tsegga"),
        ),
        male=(
            _n("Dawit", "ዳዊት", "Dawitt", "David"),
            _n("Abraham", "አብርሃም", "Abrham", "Abreham"),
            _n("Haile", "ሃይለ", "Hayle"),
            _n("Tekle", "ተክለ", "Teklay"),
            _n("Kidane", "ኪዳነ", "Kidana"),
            _n("Berhane", "ብርሃነ", "Birhane", "Berhanu"),
            _n("Filmon", "ፊልሞን", "Philemon"),
            _n("Yonas", "ዮናስ", "Yonaas"),
        ),
        family=(
            _n("Tesfamariam", "ተስፋማርያም", "Tesfamaryam", "Tesfa Mariam"),
            _n("Gebremedhin", "ገብረመድህን", "Gebremedhn", "Gebre Medhin"),
            _n("Berhe", "በርሀ", "Berihe"),
            _n("Woldu", "ወልዱ", "Weldu"),
            _n("Kahsay", "ካሕሳይ", "Kahsai"),
            _n("Tekeste", "ተኸስተ", "Tekheste"),
            _n("Asfaw", "አስፋው", "Asfau"),
            _n("Ghebreyesus", "ገብረየሱስ", "Gebreyesus"),
            _n("Mehari", "መሓሪ", "Mehary"),
        ),
    ),
    Community(
        "Vietnamese",
        female=(
            _n("Hương", "", "Huong"),
            _n("Trang", "", "Chang"),
            _n("Ngọc", "", "Ngoc"),
            _n("Yến", "", "Yen"),
            _n("Quỳnh", "", "Quynh"),
            _n("Thủy", "", "Thuy"),
            _n("Nhung", "", "Nhungg"),
            _n("Diệp", "", "Diep"),
        ),
        male=(
            _n("Thành", "", "Thanh"),
            _n("Hải", "", "Hai"),
            _n("Dũng", "", "Dung"),
            _n("Khánh", "", "Khanh"),
            _n("Việt", "", "Viet"),
            _n("Bảo", "", "Bao"),
            _n("Hiếu", "", "Hieu"),
            _n("Cường", "", "Cuong"),
        ),
        family=(
            _n("Trịnh", "", "Trinh"),
            _n("Phan", "", "Phann"),
            _n("Võ", "", "Vo"),
            _n("Đinh", "", "Dinh"),
            _n("Lương", "", "Luong"),
            _n("Hồ", "", "Ho"),
            _n("Cao", ""),
            _n("Lâm", "", "Lam"),
            _n("Tạ", "", "Ta"),
            _n("Đoàn", "", "Doan"),
        ),
        family_first=True,
    ),
    Community(
        "Polish",
        female=(
            _n("Małgorzata", "", "Malgorzata", short=("Gosia", "Małgosia")),
            _n("Zofia", "", "Sofia", short=("Zosia",)),
            _n("Joanna", "", short=("Asia",)),
            _n("Aleksandra", "", "Alexandra", short=("Ola",)),
            _n("Magdalena", "", short=("Magda",)),
            _n("Dorota", "", short=("Dorotka",)),
            _n("Urszula", "", short=("Ula",)),
        ),
        male=(
            _n("Paweł", "", "Pawel", short=("Paweł",)),
            _n("Łukasz", "", "Lukasz", short=("Łukaszek",)),
            _n("Michał", "", "Michal", short=("Michałek",)),
            _n("Grzegorz", "", short=("Grzesiek", "Grześ")),
            _n("Bartłomiej", "", "Bartlomiej", short=("Bartek",)),
            _n("Jakub", "", short=("Kuba",)),
            _n("Stanisław", "", "Stanislaw", short=("Staszek", "Stasiu")),
        ),
        family=(
            _n("Wiśniewski", "", "Wisniewski"),
            _n("Wójcik", "", "Wojcik"),
            _n("Kowalczyk", "", "Kowalczik"),
            _n("Dąbrowski", "", "Dabrowski"),
            _n("Żak", "", "Zak"),
            _n("Wróbel", "", "Wrobel"),
            _n("Zieliński", "", "Zielinski"),
            _n("Szymański", "", "Szymanski"),
            _n("Kaczmarek", ""),
            _n("Łuczak", "", "Luczak"),
        ),
    ),
    Community(
        "Romanian",
        female=(
            _n("Andreea", "", "Andrea", short=("Deea",)),
            _n("Ioana", "", short=("Ioanuța",)),
            _n("Mădălina", "", "Madalina", short=("Mădă",)),
            _n("Roxana", "", short=("Roxi",)),
            _n("Florentina", "", short=("Flori",)),
            _n("Ștefania", "", "Stefania", short=("Fănica",)),
        ),
        male=(
            _n("Ștefan", "", "Stefan", short=("Fane",)),
            _n("Mihai", "", "Mihail", short=("Mihăiță",)),
            _n("Florin", "", short=("Florică",)),
            _n("Răzvan", "", "Razvan"),
            _n("Alexandru", "", "Alexandr", short=("Sandu", "Alex")),
            _n("Gheorghe", "", "Gheorge", short=("Ghiță", "Gigi")),
            _n("Constantin", "", short=("Costel", "Costi")),
        ),
        family=(
            _n("Popescu", ""),
            _n("Ionescu", ""),
            _n("Dumitrescu", "", "Dumitrescou"),
            _n("Stănescu", "", "Stanescu"),
            _n("Rădulescu", "", "Radulescu"),
            _n("Munteanu", ""),
            _n("Țurcanu", "", "Turcanu", "Tsurcanu"),
            _n("Căpraru", "", "Capraru"),
            _n("Nistor", ""),
        ),
    ),
    Community(
        "Albanian",
        female=(
            _n("Besa", ""),
            _n("Drita", ""),
            _n("Fjolla", "", "Fjola"),
            _n("Lindita", "", short=("Linda",)),
            _n("Shpresa", "", "Shpreza"),
            _n("Mimoza", "", "Mimosa"),
        ),
        male=(
            _n("Ardit", "", short=("Ardi",)),
            _n("Endrit", "", short=("Endri",)),
            _n("Genc", "", "Gentz"),
            _n("Kujtim", "", "Kujtimi"),
            _n("Fatmir", "", short=("Miri",)),
            _n("Agron", "", "Agroni"),
        ),
        family=(
            _n("Çela", "", "Cela"),
            _n("Dushku", "", "Dushk"),
            _n("Këlliçi", "", "Kellici"),
            _n("Zeqiri", "", "Zekiri"),
            _n("Lleshi", "", "Leshi"),
            _n("Bajrami", "", "Bajram"),
            _n("Hysenaj", "", "Hysenai"),
            _n("Muça", "", "Muca", "Mucha"),
        ),
    ),
    Community(
        "Chinese",
        female=(
            _n("Fang", "芳"),
            _n("Jing", "静"),
            _n("Yan", "燕"),
            _n("Hui", "慧"),
            _n("Xiuying", "秀英", "Xiu Ying", "Hsiu-ying"),
            _n("Meiling", "美玲", "Mei Ling", "Mei-ling"),
            _n("Xiaoyan", "晓燕", "Xiao Yan"),
        ),
        male=(
            _n("Wei", "伟"),
            _n("Lei", "磊"),
            _n("Jun", "军"),
            _n("Ming", "明"),
            _n("Jianguo", "建国", "Jian Guo", "Chien-kuo"),
            _n("Haoran", "浩然", "Hao Ran"),
            _n("Zhiqiang", "志强", "Zhi Qiang"),
        ),
        family=(
            _n("Wang", "王", "Wong"),
            _n("Zhang", "张", "Chang", "Cheung"),
            _n("Liu", "刘", "Lau"),
            _n("Chen", "陈", "Chan"),
            _n("Yang", "杨", "Yeung"),
            _n("Huang", "黄", "Wong"),
            _n("Zhao", "赵", "Chiu"),
            _n("Zhou", "周", "Chow"),
            _n("Wu", "吴", "Ng"),
            _n("Xu", "徐", "Hsu"),
        ),
        family_first=True,
    ),
    Community(
        "Ukrainian",
        female=(
            _n("Iryna", "Ірина", "Irina", short=("Ira",)),
            _n("Oksana", "Оксана", "Oxana", short=("Oksanka",)),
            _n("Nataliia", "Наталія", "Natalia", "Natalya", short=("Natasha",)),
            _n("Olha", "Ольга", "Olga", short=("Olya",)),
            _n("Yuliia", "Юлія", "Yulia", "Julia", short=("Yulya",)),
            _n("Svitlana", "Світлана", "Svetlana", short=("Sveta",)),
            _n("Halyna", "Галина", "Galina", short=("Halya", "Galya")),
        ),
        male=(
            _n("Oleksandr", "Олександр", "Aleksandr", "Alexander", short=("Sasha", "Sashko")),
            _n("Andrii", "Андрій", "Andriy", "Andrey", short=("Andriiko",)),
            _n("Maksym", "Максим", "Maxim", "Maksim", short=("Max",)),
            _n("Yurii", "Юрій", "Yuriy", "Yuri", short=("Yura",)),
            _n("Viktor", "Віктор", "Victor", short=("Vitya",)),
            _n("Dmytro", "Дмитро", "Dmitry", "Dmitriy", short=("Dima",)),
            _n("Serhii", "Сергій", "Sergey", "Serhiy", short=("Seryozha",)),
            _n("Mykola", "Микола", "Nikolai", short=("Kolya",)),
        ),
        family=(
            _n("Shevchenko", "Шевченко", "Schevchenko"),
            _n("Kovalenko", "Коваленко"),
            _n("Bondarenko", "Бондаренко"),
            _n("Tkachenko", "Ткаченко", "Tkatchenko"),
            _n("Kravchuk", "Кравчук", "Kravchouk"),
            _n("Melnyk", "Мельник", "Melnik"),
            _n("Popov", "Попов", "Popoff"),
            _n("Volkov", "Волков", "Volkoff"),
            _n("Kuznetsov", "Кузнецов", "Kuznetsoff"),
            _n("Hrytsenko", "Гриценко", "Gritsenko"),
        ),
    ),
    Community(
        "British (Welsh)",
        female=(
            _n("Siân", "", "Sian", "Shan"),
            _n("Angharad", "", short=("Haf",)),
            _n("Llinos", ""),
            _n("Gwenllian", "", short=("Gwen",)),
            _n("Rhiannon", "", "Rianon", short=("Rhi",)),
            _n("Elisabeth", "", "Elizabeth", short=("Beth", "Lisa")),
            _n("Catrin", "", "Catherine", short=("Cat", "Cati")),
            _n("Nia", ""),
        ),
        male=(
            _n("Rhys", "", "Rees", "Reece"),
            _n("Gethin", "", "Gethyn"),
            _n("Iwan", "", "Ewan"),
            _n("Llywelyn", "", "Llewelyn", short=("Llew",)),
            _n("Owain", "", "Owen"),
            _n("Hywel", "", "Howell"),
            _n("Dafydd", "", "David", short=("Dai", "Dave")),
            _n("Gruffudd", "", "Griffith", short=("Gruff",)),
        ),
        family=(
            _n("Evans", ""),
            _n("Pritchard", "", "Prichard"),
            _n("Vaughan", "", "Vaughn"),
            _n("Griffiths", "", "Griffith"),
            _n("Morgan", ""),
            _n("Bowen", ""),
            _n("Parry", "", "Parri"),
            _n("Pugh", ""),
            _n("Llwyd", "", "Lloyd"),
            _n("ap Siôn", "", "Ap Sion", "Jones"),
        ),
    ),
)

STREETS = (
    "Heol y Parc",
    "Ffordd yr Orsaf",
    "Stryd Fawr",
    "Lôn Las",
    "Heol Eglwys",
    "Clos y Dderwen",
    "Cowbridge Road East",
    "Albany Road",
    "City Road",
    "Clarence Place",
    "Mansel Street",
    "Walter Road",
    "High Street",
    "Station Road",
    "Victoria Road",
    "Chapel Street",
    "Mill Lane",
    "Alexandra Road",
    "Stow Hill",
    "Commercial Street",
)
TOWNS = ("Caerdydd", "Cardiff", "Abertawe", "Swansea", "Casnewydd", "Newport", "Wrecsam")
DISTRICTS = ("CF10", "CF11", "CF14", "CF24", "CF5", "SA1", "SA2", "NP19", "NP20", "LL11")
# The same address written by another hand: an abbreviation in place of the word.
_SHORT_FORMS = {
    "Road": "Rd",
    "Street": "St",
    "Lane": "Ln",
    "Place": "Pl",
    "Heol": "Hl",
    "Ffordd": "Ffd",
    "East": "E",
}


@dataclass(frozen=True)
class Row:
    id: str
    person: int
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
class Person:
    """Who someone really is, before any agency writes them down."""

    number: int
    community: Community
    given: Spelt
    family: Spelt
    born: tuple[int, int, int]
    sex: str
    address: str
    postcode: str
    phone: str


def _strip_marks(text: str) -> str:
    """What a keyboard without the letters makes of a name ("Wiśniewski", "Wisniewski")."""
    text = text.replace("ł", "l").replace("Ł", "L").replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _slip(rng: random.Random, text: str) -> str:
    """One slip of the ear or the hand: a letter doubled, dropped, changed or two turned."""
    if len(text) < 3:
        return text + text[-1]
    i = rng.randrange(1, len(text) - 1)
    how = rng.random()
    if how < 0.25:
        return text[:i] + text[i] + text[i:]
    if how < 0.5:
        return text[:i] + text[i + 1 :]
    if how < 0.75 and text[i + 1 : i + 2].isalpha():
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    heard = {"a": "e", "e": "i", "i": "ee", "o": "ou", "u": "oo", "k": "q", "s": "z", "d": "t"}
    letter = text[i].lower()
    return text[:i] + heard.get(letter, rng.choice("aeinrs")) + text[i + 1 :]


def _by_ear(rng: random.Random, name: Spelt) -> str:
    """A Latin spelling as an interpreter or clerk might write it, sometimes with a slip."""
    spelling = rng.choice((name.latin, *name.others)) if name.others else name.latin
    spelling = _strip_marks(spelling) if rng.random() < 0.7 else spelling
    return _slip(rng, spelling) if rng.random() < 0.5 else spelling


def _date(born: tuple[int, int, int]) -> str:
    return f"{born[0]:04d}-{born[1]:02d}-{born[2]:02d}"


def _phone(rng: random.Random) -> str:
    return (
        rng.choice(("07", "+44 7", "447"))
        + f"{rng.randrange(300, 999)}{rng.randrange(10**5, 10**6)}"
    )


def _postcode(rng: random.Random, district: str | None = None) -> str:
    letters = "ABDEFGHJLNPQRSTUWXYZ"
    area = district or rng.choice(DISTRICTS)
    return f"{area} {rng.randrange(1, 10)}{rng.choice(letters)}{rng.choice(letters)}"


def _home(rng: random.Random) -> tuple[str, str]:
    flat = f"Flat {rng.randrange(1, 9)}, " if rng.random() < 0.25 else ""
    return (
        f"{flat}{rng.randrange(1, 240)} {rng.choice(STREETS)}, {rng.choice(TOWNS)}",
        _postcode(rng),
    )


def _rewritten(rng: random.Random, address: str) -> str:
    """The same home in other words: abbreviated, the town or flat left off, reordered."""
    parts = [p.strip() for p in address.split(",")]
    how = rng.randrange(4)
    if how == 0:
        return ", ".join(
            " ".join(_SHORT_FORMS.get(word, word) for word in part.split()) for part in parts
        )
    if how == 1 and len(parts) > 1:
        return ", ".join(parts[:-1])  # town left off
    if how == 2 and parts[0].startswith("Flat"):
        return ", ".join([*parts[1:], parts[0]])
    return address.upper()


def _birth(rng: random.Random, low: int = 1950, high: int = 2023) -> tuple[int, int, int]:
    return (rng.randrange(low, high), rng.randrange(1, 13), rng.randrange(1, 29))


def _names_for(rng: random.Random, community: Community, sex: str) -> tuple[Spelt, Spelt]:
    given = rng.choice(community.female if sex == "female" else community.male)
    if community.by_sex_family and rng.random() < 0.5:
        return given, community.by_sex_family[0 if sex == "female" else 1]
    return given, rng.choice(community.family)


def _household(rng: random.Random, first: int) -> list[Person]:
    """One to four people under one roof: a family name, a home and often a phone shared."""
    community = rng.choice(COMMUNITIES)
    address, postcode = _home(rng) if rng.random() < 0.85 else ("", "")
    phone = _phone(rng) if rng.random() < 0.5 else ""
    size = rng.choices((1, 2, 3, 4), weights=(55, 20, 15, 10))[0]
    people: list[Person] = []
    sex = rng.choice(("female", "male"))
    given, family = _names_for(rng, community, sex)
    parent_born = _birth(rng, 1955, 1995)
    people.append(
        Person(first, community, given, family, parent_born, sex, address, postcode, phone)
    )
    twins_born = _birth(rng, parent_born[0] + 18, min(2024, parent_born[0] + 40))
    for k in range(1, size):
        sex = rng.choice(("female", "male"))
        given_k, family_k = _names_for(rng, community, sex)
        # Parents do not give two of their children one name.
        taken = {p.given for p in people}
        while given_k in taken:
            given_k = rng.choice(community.female if sex == "female" else community.male)
        if not community.by_sex_family or rng.random() < 0.5:
            family_k = family  # one family name in the home
        # Twins (same date of birth, another given name) and a child named for a parent
        # are the near misses a matcher must not join.
        if k >= 2 and rng.random() < 0.1:
            born = twins_born
        elif rng.random() < 0.05:
            born = _birth(rng, parent_born[0] + 18, min(2024, parent_born[0] + 40))
            given_k, sex = given, people[0].sex
        else:
            born = _birth(rng, parent_born[0] + 18, min(2024, parent_born[0] + 40))
        if k == 1 and size == 2 and given_k != given and rng.random() < 0.5:
            born = _birth(rng, parent_born[0] - 4, parent_born[0] + 5)  # a partner
        people.append(
            Person(
                first + k,
                community,
                given_k,
                family_k,
                born,
                sex,
                address,
                postcode,
                phone if rng.random() < 0.5 else "",
            )
        )
    return people


def _first_record(rng: random.Random, person: Person, record_id: str) -> Row:
    """How the first agency wrote someone: Latin mostly, native script sometimes."""
    community = person.community
    native = rng.random() < 0.25 and bool(person.given.native)
    given = person.given.native if native else person.given.latin
    family = person.family.native if native and person.family.native else person.family.latin
    if community.family_first and rng.random() < 0.3:
        given, family = family, given
    return Row(
        id=record_id,
        person=person.number,
        given_name=given,
        family_name=family,
        date_of_birth=_date(person.born) if rng.random() < 0.93 else "",
        sex=person.sex if rng.random() < 0.9 else "",
        address=person.address if rng.random() < 0.9 else "",
        postcode=person.postcode if rng.random() < 0.85 else "",
        phone=person.phone,
        nationality=community.nationality,
    )


_CHANGES = (
    "native_vs_latin",
    "native_vs_latin",
    "diacritics",
    "short_form",
    "year_only",
    "month_year",
    "date_slip",
    "postcode_other",
    "address_rewritten",
    "swap",
    "typo",
    "drop_fields",
    "moved",
)


def _later_record(rng: random.Random, person: Person, first: Row, record_id: str) -> Row:
    """A later agency's record of the same person: one to three changes from the first."""
    given_spelt, family_spelt = person.given, person.family
    was_native = bool(given_spelt.native) and first.given_name in (
        given_spelt.native,
        family_spelt.native,
    )
    given, family = given_spelt.latin, family_spelt.latin
    born = _date(person.born)
    sex, address, postcode, phone = person.sex, person.address, person.postcode, person.phone
    swapped = person.community.family_first and rng.random() < 0.3
    for change in rng.sample(_CHANGES, k=rng.choices((1, 2, 3), weights=(45, 40, 15))[0]):
        if change == "native_vs_latin":
            if was_native:
                given, family = _by_ear(rng, given_spelt), _by_ear(rng, family_spelt)
            elif given_spelt.native:
                given = given_spelt.native
                family = family_spelt.native or family
                if rng.random() < 0.5:
                    given = _by_ear(rng, given_spelt)  # half in script, half by ear
        elif change == "diacritics":
            given, family = _strip_marks(given), _strip_marks(family)
            if family_spelt.others and rng.random() < 0.5:
                family = rng.choice(family_spelt.others)
        elif change == "short_form" and given_spelt.short:
            given = rng.choice(given_spelt.short)
        elif change == "short_form" and given_spelt.others:
            given = rng.choice(given_spelt.others)
        elif change == "year_only":
            born = born[:4]
        elif change == "month_year":
            born = born[:7]
        elif change == "date_slip":
            year, month, day = person.born
            how = rng.randrange(3)
            if how == 0:
                born = _date((year, month, min(28, day + rng.choice((-1, 1))) or 1))
            elif how == 1 and day <= 12:
                born = _date((year, day, month))
            else:
                born = ""
        elif change == "postcode_other" and address:
            # The same home under another postcode: mistyped, or an old or wrong one.
            if rng.random() < 0.5 and postcode:
                postcode = postcode[:-2] + postcode[-1] + postcode[-2]
            else:
                postcode = _postcode(rng, postcode.split()[0] if postcode else None)
        elif change == "address_rewritten" and address:
            address = _rewritten(rng, address)
        elif change == "swap":
            swapped = not swapped
        elif change == "typo":
            if rng.random() < 0.5:
                given = _slip(rng, given)
            else:
                family = _slip(rng, family)
        elif change == "drop_fields":
            for name in rng.sample(("sex", "address", "postcode", "phone"), k=2):
                if name == "sex":
                    sex = ""
                elif name == "address":
                    address = ""
                elif name == "postcode":
                    postcode = ""
                else:
                    phone = ""
        elif change == "moved":
            address, postcode = _home(rng)
            phone = _phone(rng) if rng.random() < 0.5 else phone
    if swapped:
        given, family = family, given
    return Row(
        id=record_id,
        person=person.number,
        given_name=given,
        family_name=family,
        date_of_birth=born,
        sex=sex,
        address=address,
        postcode=postcode,
        phone=phone,
        nationality=person.community.nationality if rng.random() < 0.8 else "",
    )


def population(size: int = 2_800, seed: int = 5122026) -> Iterator[Row]:
    """`size` records; most people have two or more records, some none but their own."""
    rng = random.Random(seed)
    made = 0
    number = 0
    while made < size:
        household = _household(rng, number)
        number += len(household)
        for person in household:
            copies = rng.choices((1, 2, 3, 4), weights=(38, 37, 17, 8))[0]
            first = _first_record(rng, person, f"s{made}")
            yield first
            made += 1
            for _ in range(1, copies):
                if made >= size:
                    return
                yield _later_record(rng, person, first, f"s{made}")
                made += 1
            if made >= size:
                return


def true_pairs(rows: list[Row]) -> set[frozenset[str]]:
    by_person: dict[int, list[str]] = {}
    for row in rows:
        by_person.setdefault(row.person, []).append(row.id)
    return {
        frozenset((a, b))
        for ids in by_person.values()
        for i, a in enumerate(ids)
        for b in ids[i + 1 :]
    }


def score(found: set[frozenset[str]], truth: set[frozenset[str]]) -> tuple[float, float, float]:
    """Precision, recall and F1 of the pairs found against the true pairs."""
    right = len(found & truth)
    precision = right / len(found) if found else 0.0
    recall = right / len(truth) if truth else 0.0
    f1 = 2 * precision * recall / (precision + recall) if right else 0.0
    return precision, recall, f1


def _main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=2_800)
    parser.add_argument("--seed", type=int, default=5122026)
    parser.add_argument("--csv", help="write the records here, in noddfa dedupe's columns")
    parser.add_argument("--score", metavar="PAIRS", help="a pairs CSV from noddfa dedupe")
    options = parser.parse_args()
    rows = list(population(options.size, options.seed))
    truth = true_pairs(rows)
    if options.csv:
        with open(options.csv, "w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out)
            writer.writerow(HEADER)
            writer.writerows(row.as_list() for row in rows)
    print(f"{len(rows):,} records, {len(truth):,} true pairs", file=sys.stderr)
    if options.score:
        with open(options.score, newline="", encoding="utf-8") as pairs:
            found = {frozenset((p["id_l"], p["id_r"])) for p in csv.DictReader(pairs)}
        precision, recall, f1 = score(found, truth)
        print(f"found {len(found):,}: precision {precision:.4f} recall {recall:.4f} F1 {f1:.4f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(_main())
