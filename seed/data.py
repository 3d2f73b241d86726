"""Demo data that the news report does not give: Khmer names, and the
illustrative rest of the commission.

Everything invented here is marked `is_illustrative` in the database and on
the public page. The facts themselves (seats, date, who chairs, who leads the
secretariat, which task forces) are read from the article by
`seed.article`.
"""

# The ministries the article names, then eleven more of Cambodia's real
# ministries, chosen to complete the fourteen (illustrative: the article does
# not list them). code, English name, Khmer name, abbreviation, named in article.
MINISTRIES = [
    ("interior", "Ministry of Interior", "ក្រសួងមហាផ្ទៃ", "MoI", True),
    ("culture", "Ministry of Culture and Fine Arts", "ក្រសួងវប្បធម៌ និងវិចិត្រសិល្បៈ", "MCFA", True),
    ("posts-telecom", "Ministry of Posts and Telecommunications", "ក្រសួងប្រៃសណីយ៍ និងទូរគមនាគមន៍", "MPTC", True),
    (
        "social-affairs",
        "Ministry of Social Affairs, Veterans and Youth Rehabilitation",
        "ក្រសួងសង្គមកិច្ច អតីតយុទ្ធជន និងយុវនីតិសម្បទា",
        "MoSVY",
        False,
    ),
    ("womens-affairs", "Ministry of Women's Affairs", "ក្រសួងកិច្ចការនារី", "MoWA", False),
    ("justice", "Ministry of Justice", "ក្រសួងយុត្តិធម៌", "MoJ", False),
    (
        "labour",
        "Ministry of Labour and Vocational Training",
        "ក្រសួងការងារ និងបណ្តុះបណ្តាលវិជ្ជាជីវៈ",
        "MoLVT",
        False,
    ),
    (
        "foreign-affairs",
        "Ministry of Foreign Affairs and International Cooperation",
        "ក្រសួងការបរទេស និងសហប្រតិបត្តិការអន្តរជាតិ",
        "MFAIC",
        False,
    ),
    ("education", "Ministry of Education, Youth and Sport", "ក្រសួងអប់រំ យុវជន និងកីឡា", "MoEYS", False),
    ("health", "Ministry of Health", "ក្រសួងសុខាភិបាល", "MoH", False),
    ("tourism", "Ministry of Tourism", "ក្រសួងទេសចរណ៍", "MoT", False),
    ("information", "Ministry of Information", "ក្រសួងព័ត៌មាន", "MoInfo", False),
    ("economy-finance", "Ministry of Economy and Finance", "ក្រសួងសេដ្ឋកិច្ច និងហិរញ្ញវត្ថុ", "MEF", False),
    ("national-defence", "Ministry of National Defence", "ក្រសួងការពារជាតិ", "MoND", False),
]

# The two NGOs the article names. code, English, Khmer, abbreviation.
NGOS = [
    ("aple", "Action Pour Les Enfants", "អង្គការសកម្មភាពដើម្បីកុមារ (APLE)", "APLE"),
    (
        "lscw",
        "Legal Support for Children and Women",
        "អង្គការជំនួយផ្នែកច្បាប់សម្រាប់កុមារ និងស្ត្រី",
        "LSCW",
    ),
]

COMMISSION_KM = "គណៈកម្មាធិការជាតិប្រយុទ្ធប្រឆាំងការជួញដូរមនុស្ស ការកេងប្រវ័ញ្ចកម្លាំងពលកម្ម និងការជួញដូរផ្លូវភេទលើស្ត្រី និងកុមារ"
COMMISSION_SHORT_EN = "National Commission to Combat Human Trafficking"
COMMISSION_SHORT_KM = "គណៈកម្មាធិការជាតិប្រយុទ្ធប្រឆាំងការជួញដូរមនុស្ស"
SECRETARIAT_EN = "Secretariat of the National Commission"
SECRETARIAT_KM = "លេខាធិការដ្ឋាននៃគណៈកម្មាធិការជាតិ"
SUB_DECREE_EN = "Sub-decree on the establishment of the National Commission to Combat Human Trafficking"
SUB_DECREE_KM = "អនុក្រឹត្យស្តីពីការបង្កើតគណៈកម្មាធិការជាតិប្រយុទ្ធប្រឆាំងការជួញដូរមនុស្ស"

# Khmer spellings of the people and offices the article names.
KHMER_NAMES = {
    "Hun Sen": "ហ៊ុន សែន",
    "Sar Kheng": "ស ខេង",
    "Chou Bun Eng": "ជូ ប៊ុនអេង",
    "Ten Borany": "ទេន បូរ៉ានី",
    "Prime Minister": "នាយករដ្ឋមន្ត្រី",
    "Minister of Interior": "រដ្ឋមន្ត្រីក្រសួងមហាផ្ទៃ",
    "Undersecretary of State, Ministry of Interior": "អនុរដ្ឋលេខាធិការ ក្រសួងមហាផ្ទៃ",
    "Deputy Director, Anti-human Trafficking and Juvenile Protection Department, Ministry of Interior": (
        "អនុប្រធាននាយកដ្ឋានប្រឆាំងការជួញដូរមនុស្ស និងការពារអនីតិជន ក្រសួងមហាផ្ទៃ"
    ),
}

# The six task forces, in the article's order. code, English, Khmer, mandate (en, km).
TASK_FORCES = [
    (
        "prevention",
        "Prevention",
        "ក្រុមការងារបង្ការ",
        "Prevent trafficking through education and public awareness, in schools, villages and the media.",
        "បង្ការការជួញដូរមនុស្សតាមរយៈការអប់រំ និងការលើកកម្ពស់ការយល់ដឹងជាសាធារណៈ នៅសាលារៀន ភូមិ និងប្រព័ន្ធផ្សព្វផ្សាយ។",
    ),
    (
        "rehabilitation",
        "Rehabilitation, reintegration and repatriation",
        "ក្រុមការងារស្តារនីតិសម្បទា សមាហរណកម្ម និងមាតុភូមិនិវត្តន៍",
        "Care for victims, help them return home and rebuild their lives.",
        "ថែទាំជនរងគ្រោះ ជួយពួកគេឱ្យវិលត្រឡប់ទៅផ្ទះវិញ និងកសាងជីវិតឡើងវិញ។",
    ),
    (
        "law-enforcement",
        "Law enforcement",
        "ក្រុមការងារអនុវត្តច្បាប់",
        "Investigate trafficking networks and bring offenders before the courts.",
        "ស៊ើបអង្កេតបណ្តាញជួញដូរមនុស្ស និងនាំជនល្មើសមកកាន់តុលាការ។",
    ),
    (
        "justice",
        "Justice",
        "ក្រុមការងារយុត្តិធម៌",
        "Make trials fair and swift, and protect victims and witnesses in court.",
        "ធ្វើឱ្យការជំនុំជម្រះមានភាពយុត្តិធម៌ និងរហ័ស ព្រមទាំងការពារជនរងគ្រោះ និងសាក្សីនៅតុលាការ។",
    ),
    (
        "international-cooperation",
        "International cooperation",
        "ក្រុមការងារសហប្រតិបត្តិការអន្តរជាតិ",
        "Work with neighbouring countries and partners on cross-border cases and returns.",
        "សហការជាមួយប្រទេសជិតខាង និងដៃគូលើករណីឆ្លងដែន និងការបញ្ជូនត្រឡប់។",
    ),
    (
        "child-affairs",
        "Child affairs",
        "ក្រុមការងារកិច្ចការកុមារ",
        "Protect children from trafficking and sexual exploitation.",
        "ការពារកុមារពីការជួញដូរ និងការកេងប្រវ័ញ្ចផ្លូវភេទ។",
    ),
]

# Illustrative people are named from common Khmer family and given names.
FAMILY_NAMES = [
    ("Sok", "សុខ"),
    ("Chan", "ចាន់"),
    ("Kim", "គឹម"),
    ("Heng", "ហេង"),
    ("Keo", "កែវ"),
    ("Meas", "មាស"),
    ("Pich", "ពេជ្រ"),
    ("Chea", "ជា"),
    ("Ouk", "អ៊ុក"),
    ("Lim", "លឹម"),
    ("Seng", "សេង"),
    ("Prak", "ប្រាក់"),
    ("Nhem", "ញឹម"),
    ("Mao", "ម៉ៅ"),
    ("Touch", "ទូច"),
    ("Yim", "យឹម"),
    ("Ros", "រស់"),
    ("Hem", "ហែម"),
    ("Som", "សំ"),
]
GIVEN_NAMES = [
    ("Dara", "ដារ៉ា"),
    ("Sophea", "សុភា"),
    ("Vanna", "វណ្ណា"),
    ("Rithy", "រិទ្ធី"),
    ("Sokha", "សុខា"),
    ("Chenda", "ចិន្តា"),
    ("Bopha", "បុប្ផា"),
    ("Pisey", "ពិសី"),
    ("Sovann", "សុវណ្ណ"),
    ("Kunthea", "គន្ធា"),
    ("Makara", "មករា"),
    ("Navy", "ណាវី"),
    ("Piseth", "ពិសិដ្ឋ"),
    ("Vuthy", "វុទ្ធី"),
    ("Theary", "ធារី"),
    ("Samnang", "សំណាង"),
    ("Kanha", "កញ្ញា"),
]

# Positions of illustrative people: English and Khmer, with the ministry's
# name appended.
TITLE_MINISTER = ("Minister, {en}", "រដ្ឋមន្ត្រី {km}")
TITLE_SECRETARY_OF_STATE = ("Secretary of State, {en}", "រដ្ឋលេខាធិការ {km}")
TITLE_OFFICIAL = ("Official, {en}", "មន្ត្រី {km}")
TITLE_LIAISON = ("Liaison officer for the national work plan, {en}", "មន្ត្រីទំនាក់ទំនងផែនការការងារជាតិ {km}")
TITLE_AUDITOR = ("Auditor of the National Commission", "សវនករនៃគណៈកម្មាធិការជាតិ")
TITLE_NGO_HEAD = ("Head of {en}", "ប្រធាន {km}")

# Vice-chairs of the commission (illustrative), by ministry.
VICE_CHAIR_MINISTRIES = ["social-affairs", "womens-affairs", "justice"]
