"""Nicknames and short forms with the formal name they stand for.

A small hand-made list for the communities Noddfa's users meet most; a name missing here
is still compared by spelling and sound, so the list only has to cover forms that share
few letters with the formal name.
"""

from __future__ import annotations

_GROUPS: dict[str, tuple[str, ...]] = {
    # English and Welsh
    "william": ("bill", "billy", "will", "willy", "liam", "gwilym", "wil"),
    "robert": ("bob", "bobby", "rob", "robbie", "bert"),
    "richard": ("dick", "rich", "rick", "ricky", "rhisiart"),
    "elizabeth": ("liz", "lizzie", "beth", "betty", "eliza", "bethan", "lisa"),
    "margaret": ("maggie", "meg", "peggy", "marged", "mared"),
    "katherine": ("kate", "katie", "kathy", "cathy", "catherine", "catrin", "kath"),
    "john": ("jack", "johnny", "jon", "ioan", "ieuan", "sion", "evan"),
    "james": ("jim", "jimmy", "jamie", "iago"),
    "thomas": ("tom", "tommy", "twm"),
    "david": ("dave", "davy", "dai", "dafydd", "dewi"),
    "edward": ("ed", "eddie", "ted", "teddy", "iorwerth"),
    "alexander": (
        "alex",
        "sasha",
        "sacha",
        "sandy",
        "aleksandr",
        "oleksandr",
        "alexandru",
        "aleksander",
        "lexi",
    ),
    "christopher": ("chris", "kit"),
    "michael": ("mike", "mick", "mikey", "mikhail", "misha", "mihail"),
    "nicholas": ("nick", "nicky", "nikolai", "kolya", "mykola"),
    "daniel": ("dan", "danny", "daniil"),
    "anthony": ("tony", "antony"),
    "joseph": ("joe", "joey", "yusuf", "yousef", "youssef", "iosif", "giuseppe"),
    "mary": ("molly", "polly", "mair", "maria", "mariya", "miriam", "maryam"),
    "susan": ("sue", "susie", "suzanne"),
    "rebecca": ("becky", "becca"),
    "jennifer": ("jen", "jenny"),
    # Eastern European
    "dmitri": ("dima", "dmitriy", "dmitry", "dimitri"),
    "ekaterina": ("katya", "katia", "yekaterina"),
    "anastasia": ("nastya", "stasia"),
    "tatiana": ("tanya", "tatyana", "tetiana", "tetyana"),
    "natalia": ("natasha", "natalya", "natalie"),
    "vladimir": ("vova", "volodymyr", "volodya"),
    "ivan": ("vanya",),
    "yevgeny": ("zhenya", "evgeny", "evgeniy"),
    "aleksandra": ("olesia", "alexandra"),
    "svetlana": ("sveta",),
    "elena": ("olena", "yelena", "lena"),
    "sergei": ("sergey", "serhii", "serhiy", "seryozha"),
    "andrei": ("andrey", "andrii", "andriy", "andrew", "andy"),
    "yulia": ("yuliya", "iuliia", "julia"),
    # Polish
    "katarzyna": ("kasia", "kaska"),
    "malgorzata": ("gosia", "malgosia"),
    "tomasz": ("tomek",),
    "anna": ("ania", "anka"),
    "piotr": ("piotrek",),
    "krzysztof": ("krzys", "krzysiek"),
    "wojciech": ("wojtek",),
    "agnieszka": ("aga",),
    # Romanian
    "gabriela": ("gabi",),
    "cristian": ("cristi",),
    "ion": ("ionel", "ionut"),
    # Albanian
    "gjergj": ("gjergji", "george"),
    "gentian": ("genti",),
    "klodian": ("klodi",),
    # Arabic and Somali
    "muhammad": ("mohammed", "mohamed", "mohammad", "muhammed", "mehmet", "mo", "moe", "hamada"),
    "abdullah": ("abdallah", "abdulla"),
    "ibrahim": ("abraham", "ebrahim"),
    "mustafa": ("mostafa", "moustafa"),
    "fatima": ("fatma", "fatimah", "fatuma"),
    "aisha": ("ayesha", "aysha", "aishah"),
    # Vietnamese and Chinese
    "anh": ("an",),
    # Yoruba and Igbo: a short form is often the end of the name, not the start
    "oluwaseun": ("seun",),
    "adebayo": ("bayo",),
    "babatunde": ("tunde",),
    "funmilayo": ("funmi",),
    "oluwakemi": ("kemi",),
    "oluwafemi": ("femi",),
    "olufunke": ("funke",),
    "oluwatosin": ("tosin",),
    "adewale": ("wale",),
    "chukwuemeka": ("emeka",),
    "ifeanyi": ("ify",),
    # Eritrean and Ethiopian
    "yohannes": ("yonas", "johannes", "yohanes"),
    "tesfay": ("tesfaye", "tesfai"),
    "gebremariam": ("gebre", "g/mariam"),
}

NICKNAMES: dict[str, str] = {
    short: formal for formal, shorts in _GROUPS.items() for short in shorts if short != formal
}
