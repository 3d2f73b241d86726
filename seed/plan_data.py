"""The national work plan 2010-2014: demo content for the plan's pages.

The article reports that the secretariat is drafting a five-year national work plan, one part per task force, but
the draft was not released: everything here is illustrative. It is written to be plausible for Cambodia in 2010
(the 2008 Law on Suppression of Human Trafficking and Sexual Exploitation, the memoranda with Thailand and Viet Nam,
village and commune awareness, border checkpoints, shelters run with NGOs) and uses the ministry, NGO and task force
codes of `seed.data`.

Pure data, no Django imports. Bodies are HTML (`<p>`, `<h2>`, `<ul>`, `<li>`, `<strong>`). Indicators, baselines,
targets and means of verification are in English, and in Khmer where a translation was written (the others are
empty, and readers of Khmer are shown the English). `check()` asserts the constraints the loader relies on.
"""

PLAN = {
    "title_en": (
        "National Plan of Action on the Suppression of Human Trafficking, Labor Exploitation and "
        "Sexual Exploitation 2010\u20132014"
    ),
    "title_km": ("ផែនការសកម្មភាពជាតិស្តីពីការបង្ក្រាបការជួញដូរមនុស្ស ការកេងប្រវ័ញ្ចកម្លាំងពលកម្ម និងការកេងប្រវ័ញ្ចផ្លូវភេទ ឆ្នាំ២០១០-២០១៤"),
    "first_year": 2010,
    "last_year": 2014,
}

# The introduction shown before the sections.
FRONT_MATTER = {
    "title_en": "Introduction",
    "title_km": "សេចក្តីផ្តើម",
    "body_en": (
        "<p>Human trafficking, labour exploitation and the sexual exploitation of women and children "
        "remain serious threats to the dignity and security of the people of Cambodia. Poverty, "
        "limited schooling, irregular migration across the borders with Thailand and Viet Nam, and the "
        "growth of tourism and the entertainment sector expose families in villages and communes to "
        "deceptive offers of work. The Law on Suppression of Human Trafficking and Sexual "
        "Exploitation, promulgated in 2008, gives the Royal Government a modern legal basis to punish "
        "offenders and protect victims.</p>"
        "<p>By sub-decree of 25 September 2009, the Royal Government established the National "
        "Commission to Combat Human Trafficking, chaired by the Minister of Interior and bringing "
        "together fourteen ministries. Its secretariat, made up of officials of these ministries "
        "together with representatives of civil society, works through six task forces: prevention; "
        "rehabilitation, reintegration and repatriation; law enforcement; justice; international "
        "cooperation; and child affairs.</p>"
        "<p>For the five years from 2010 to 2014, this plan sets out the objectives and activities of "
        "each task force, the lead ministry and partners responsible for each activity, an indicative "
        "budget, and the indicators by which progress will be measured. <strong>Prevention through "
        "education and public awareness</strong> runs through the whole plan: the Commission wants the "
        "public to be a partner in the fight against trafficking. The secretariat will monitor "
        "implementation and report to the Commission every year.</p>"
    ),
    "body_km": (
        "<p>ការជួញដូរមនុស្ស ការកេងប្រវ័ញ្ចកម្លាំងពលកម្ម និងការកេងប្រវ័ញ្ចផ្លូវភេទលើស្ត្រី និងកុមារ "
        "នៅតែជាការគំរាមកំហែងយ៉ាងធ្ងន់ធ្ងរដល់សេចក្តីថ្លៃថ្នូរ និងសន្តិសុខរបស់ប្រជាពលរដ្ឋកម្ពុជា។ ភាពក្រីក្រ កម្រិតអប់រំទាប "
        "ចំណាកស្រុកមិនទៀងទាត់ឆ្លងកាត់ព្រំដែនជាមួយប្រទេសថៃ និងប្រទេសវៀតណាម ព្រមទាំងការរីកលូតលាស់នៃវិស័យទេសចរណ៍ និងសេវាកម្សាន្ត "
        "បានធ្វើឱ្យគ្រួសារនៅតាមភូមិ ឃុំ ងាយរងគ្រោះដោយការបោកបញ្ឆោតសន្យាផ្តល់ការងារ។ ច្បាប់ស្តីពីការបង្ក្រាបអំពើជួញដូរមនុស្ស "
        "និងអំពើធ្វើអាជីវកម្មផ្លូវភេទ ដែលបានប្រកាសឱ្យប្រើនៅឆ្នាំ២០០៨ បានផ្តល់ជូនរាជរដ្ឋាភិបាលនូវមូលដ្ឋានគតិយុត្តដ៏ទំនើបមួយ "
        "ដើម្បីផ្តន្ទាទោសជនល្មើស និងការពារជនរងគ្រោះ។</p>"
        "<p>តាមអនុក្រឹត្យចុះថ្ងៃទី២៥ ខែកញ្ញា ឆ្នាំ២០០៩ រាជរដ្ឋាភិបាលបានបង្កើតគណៈកម្មាធិការជាតិប្រយុទ្ធប្រឆាំងការជួញដូរមនុស្ស "
        "ដែលមានរដ្ឋមន្ត្រីក្រសួងមហាផ្ទៃជាប្រធាន និងមានក្រសួងចំនួន១៤ ជាសមាសភាព។ លេខាធិការដ្ឋាននៃគណៈកម្មាធិការជាតិ "
        "ដែលមានមន្ត្រីមកពីក្រសួងទាំងនេះ រួមជាមួយតំណាងសង្គមស៊ីវិល បំពេញការងារតាមរយៈក្រុមការងារចំនួនប្រាំមួយ គឺ៖ ក្រុមការងារបង្ការ "
        "ក្រុមការងារស្តារនីតិសម្បទា សមាហរណកម្ម និងមាតុភូមិនិវត្តន៍ ក្រុមការងារអនុវត្តច្បាប់ ក្រុមការងារយុត្តិធម៌ "
        "ក្រុមការងារសហប្រតិបត្តិការអន្តរជាតិ និងក្រុមការងារកិច្ចការកុមារ។</p>"
        "<p>សម្រាប់រយៈពេលប្រាំឆ្នាំ ចាប់ពីឆ្នាំ២០១០ ដល់ឆ្នាំ២០១៤ ផែនការនេះកំណត់នូវគោលបំណង និងសកម្មភាពរបស់ក្រុមការងារនីមួយៗ "
        "ក្រសួងទទួលបន្ទុកចម្បង និងដៃគូសម្រាប់សកម្មភាពនីមួយៗ ថវិកាប៉ាន់ស្មាន និងសូចនាករសម្រាប់វាស់វែងវឌ្ឍនភាព។ "
        "<strong>ការបង្ការតាមរយៈការអប់រំ និងការលើកកម្ពស់ការយល់ដឹងជាសាធារណៈ</strong> "
        "ជាអាទិភាពដែលឆ្លងកាត់គ្រប់ផ្នែកនៃផែនការ ដោយគណៈកម្មាធិការជាតិប្រាថ្នាឱ្យសាធារណជនក្លាយជាដៃគូ "
        "ក្នុងការប្រយុទ្ធប្រឆាំងការជួញដូរមនុស្ស។ លេខាធិការដ្ឋាននឹងតាមដានការអនុវត្ត "
        "និងរាយការណ៍ជូនគណៈកម្មាធិការជាតិជារៀងរាល់ឆ្នាំ។</p>"
    ),
}

# One section per task force, keyed by task force code, in the article's order.
SECTIONS = {
    "prevention": {
        "title_en": "Prevention",
        "title_km": "ការបង្ការ",
        "body_en": (
            "<p>Most victims of trafficking are recruited in their own village, often by someone they "
            "know, with the promise of well-paid work in Phnom Penh, Thailand, Malaysia or elsewhere. "
            "Prevention therefore begins where the decision to migrate is made: in the family, the "
            "school and the commune. The task force will work through commune and sangkat councils, "
            "village chiefs and schools so that people know the risks, their rights and where to ask "
            "for help.</p>"
            "<p>Public awareness will use every channel that reaches rural Cambodia: radio and "
            "television, mobile telephones and post offices, and the traditional performing arts, "
            "which remain a trusted way of carrying messages in the provinces. Messages will be agreed "
            "with the secretariat so that all ministries speak with one voice.</p>"
            "<ul>"
            "<li><strong>Priority provinces:</strong> Banteay Meanchey, Battambang, Prey Veng, Svay "
            "Rieng, Kampong Cham and Koh Kong, where cross-border migration is highest.</li>"
            "<li><strong>Priority groups:</strong> young women, children who have left school, and "
            "families planning to migrate for work.</li>"
            "</ul>"
        ),
        "body_km": (
            "<p>ជនរងគ្រោះភាគច្រើននៃការជួញដូរមនុស្ស ត្រូវបានជ្រើសរើសនៅក្នុងភូមិរបស់ខ្លួនផ្ទាល់ ហើយជាញឹកញាប់ដោយអ្នកដែលខ្លួនស្គាល់ "
            "តាមរយៈការសន្យាផ្តល់ការងារដែលមានប្រាក់ឈ្នួលខ្ពស់ នៅរាជធានីភ្នំពេញ ប្រទេសថៃ ប្រទេសម៉ាឡេស៊ី ឬកន្លែងផ្សេងទៀត។ "
            "ហេតុនេះ ការបង្ការត្រូវចាប់ផ្តើមពីកន្លែងដែលការសម្រេចចិត្តធ្វើចំណាកស្រុកកើតឡើង គឺនៅក្នុងគ្រួសារ សាលារៀន និងឃុំ "
            "សង្កាត់។ ក្រុមការងារនឹងសហការជាមួយក្រុមប្រឹក្សាឃុំ សង្កាត់ មេភូមិ និងសាលារៀន ដើម្បីធានាថាប្រជាពលរដ្ឋយល់ដឹងអំពីហានិភ័យ "
            "សិទ្ធិរបស់ខ្លួន និងកន្លែងដែលត្រូវស្វែងរកជំនួយ។</p>"
            "<p>ការលើកកម្ពស់ការយល់ដឹងជាសាធារណៈ នឹងប្រើប្រាស់គ្រប់មធ្យោបាយដែលអាចទៅដល់ជនបទកម្ពុជា រួមមាន វិទ្យុ និងទូរទស្សន៍ "
            "ទូរស័ព្ទចល័ត និងការិយាល័យប្រៃសណីយ៍ ព្រមទាំងសិល្បៈសម្តែងប្រពៃណី "
            "ដែលនៅតែជាមធ្យោបាយគួរឱ្យទុកចិត្តក្នុងការបញ្ជូនសារនៅតាមបណ្តាខេត្ត។ "
            "ខ្លឹមសារនៃសារផ្សព្វផ្សាយនឹងត្រូវឯកភាពជាមួយលេខាធិការដ្ឋាន ដើម្បីឱ្យគ្រប់ក្រសួងផ្សព្វផ្សាយសារតែមួយដូចគ្នា។</p>"
            "<ul>"
            "<li><strong>ខេត្តអាទិភាព៖</strong> បន្ទាយមានជ័យ បាត់ដំបង ព្រៃវែង ស្វាយរៀង កំពង់ចាម និងកោះកុង "
            "ដែលជាខេត្តមានចំណាកស្រុកឆ្លងដែនខ្ពស់ជាងគេ។</li>"
            "<li><strong>ក្រុមគោលដៅអាទិភាព៖</strong> ស្ត្រីវ័យក្មេង កុមារដែលបានបោះបង់ការសិក្សា "
            "និងគ្រួសារដែលគ្រោងធ្វើចំណាកស្រុកដើម្បីស្វែងរកការងារ។</li>"
            "</ul>"
        ),
        "objectives": [
            {
                "code": "1",
                "text_en": (
                    "Raise public awareness of trafficking and safe migration in villages and communes "
                    "and through the media."
                ),
                "text_km": (
                    "លើកកម្ពស់ការយល់ដឹងជាសាធារណៈអំពីការជួញដូរមនុស្ស និងចំណាកស្រុកដោយសុវត្ថិភាព នៅតាមភូមិ ឃុំ សង្កាត់ និងតាមរយៈប្រព័ន្ធផ្សព្វផ្សាយ។"
                ),
                "activities": [
                    {
                        "code": "1.1",
                        "text_en": (
                            "Hold awareness forums on trafficking and safe migration in every commune "
                            "and sangkat, led by the commune council and village chiefs."
                        ),
                        "text_km": (
                            "រៀបចំវេទិកាផ្សព្វផ្សាយអំពីការជួញដូរមនុស្ស និងចំណាកស្រុកដោយសុវត្ថិភាព នៅគ្រប់ឃុំ សង្កាត់ "
                            "ក្រោមការដឹកនាំរបស់ក្រុមប្រឹក្សាឃុំ សង្កាត់ និងមេភូមិ។"
                        ),
                        "lead_ministry": "interior",
                        "partners": ["womens-affairs", "lscw"],
                        "start_year": 2010,
                        "end_year": 2014,
                        "budget": "250000.00",
                        "currency": "USD",
                        "indicator_en": "Number of communes and sangkats holding at least one awareness forum a year",
                        "indicator_km": "ចំនួនឃុំ សង្កាត់ដែលរៀបចំវេទិកាផ្សព្វផ្សាយយ៉ាងហោចណាស់មួយដងក្នុងមួយឆ្នាំ",
                        "baseline_en": "0 (2009)",
                        "baseline_km": "០ (ឆ្នាំ២០០៩)",
                        "target_en": "1,621 (all communes and sangkats) by 2014",
                        "target_km": "១,៦២១ (គ្រប់ឃុំ សង្កាត់) ត្រឹមឆ្នាំ២០១៤",
                        "means_of_verification_en": (
                            "Quarterly reports of provincial anti-trafficking committees to the secretariat"
                        ),
                        "means_of_verification_km": "",
                    },
                    {
                        "code": "1.2",
                        "text_en": (
                            "Produce and broadcast radio and television spots, call-in programmes and "
                            "a short drama series on trafficking and safe migration on national and "
                            "provincial stations."
                        ),
                        "text_km": (
                            "ផលិត និងចាក់ផ្សាយសារខ្លីតាមវិទ្យុ និងទូរទស្សន៍ កម្មវិធីសន្ទនាតាមទូរស័ព្ទ "
                            "និងរឿងភាគខ្លីស្តីពីការជួញដូរមនុស្ស និងចំណាកស្រុកដោយសុវត្ថិភាព តាមស្ថានីយជាតិ និងស្ថានីយខេត្ត។"
                        ),
                        "lead_ministry": "information",
                        "partners": ["posts-telecom", "culture"],
                        "start_year": 2010,
                        "end_year": 2014,
                        "budget": "320000.00",
                        "currency": "USD",
                        "indicator_en": "Number of radio and television spots broadcast",
                        "indicator_km": "ចំនួនសារខ្លីតាមវិទ្យុ និងទូរទស្សន៍ដែលបានចាក់ផ្សាយ",
                        "baseline_en": "About 40 (2009)",
                        "baseline_km": "ប្រហែល ៤០ (ឆ្នាំ២០០៩)",
                        "target_en": "1,500 by 2014",
                        "target_km": "១,៥០០ ត្រឹមឆ្នាំ២០១៤",
                        "means_of_verification_en": "Broadcast logs of TVK and National Radio of Cambodia",
                        "means_of_verification_km": ("កំណត់ត្រាការចាក់ផ្សាយរបស់ទូរទស្សន៍ជាតិកម្ពុជា និងវិទ្យុជាតិកម្ពុជា"),
                    },
                    {
                        "code": "1.3",
                        "text_en": (
                            "Stage Lakhon Bassac, Yike and other traditional theatre with "
                            "anti-trafficking messages in high-migration provinces, and commission "
                            "songs from Cambodian artists."
                        ),
                        "text_km": (
                            "រៀបចំការសម្តែងល្ខោនបាសាក់ ល្ខោនយីកេ និងល្ខោនប្រពៃណីផ្សេងទៀត "
                            "ដែលមានខ្លឹមសារប្រឆាំងការជួញដូរមនុស្ស នៅតាមខេត្តដែលមានចំណាកស្រុកខ្ពស់ "
                            "និងផលិតបទចម្រៀងដោយសិល្បករកម្ពុជា។"
                        ),
                        "lead_ministry": "culture",
                        "partners": ["information", "womens-affairs"],
                        "start_year": 2011,
                        "end_year": 2014,
                        "budget": "95000.00",
                        "currency": "USD",
                        "indicator_en": "Number of community performances held in priority provinces",
                        "indicator_km": "",
                        "baseline_en": "0 (2009)",
                        "baseline_km": "០ (ឆ្នាំ២០០៩)",
                        "target_en": "120 by 2014",
                        "target_km": "១២០ ត្រឹមឆ្នាំ២០១៤",
                        "means_of_verification_en": (
                            "Activity reports of provincial departments of culture and fine arts"
                        ),
                        "means_of_verification_km": "",
                    },
                    {
                        "code": "1.4",
                        "text_en": (
                            "Publicise the anti-trafficking hotline through text messages sent by "
                            "mobile operators and posters in every post office."
                        ),
                        "text_km": (
                            "ផ្សព្វផ្សាយលេខទូរស័ព្ទបន្ទាន់ប្រឆាំងការជួញដូរមនុស្ស "
                            "តាមរយៈសារខ្លីដែលផ្ញើដោយក្រុមហ៊ុនប្រតិបត្តិករទូរស័ព្ទចល័ត និងផ្ទាំងរូបភាពនៅគ្រប់ការិយាល័យប្រៃសណីយ៍។"
                        ),
                        "lead_ministry": "posts-telecom",
                        "partners": ["interior", "information"],
                        "start_year": 2010,
                        "end_year": 2012,
                        "budget": "60000.00",
                        "currency": "USD",
                        "indicator_en": "Number of mobile subscribers receiving hotline text messages",
                        "indicator_km": "",
                        "baseline_en": "0 (2009)",
                        "baseline_km": "០ (ឆ្នាំ២០០៩)",
                        "target_en": "2,000,000 by 2012",
                        "target_km": "២,០០០,០០០ ត្រឹមឆ្នាំ២០១២",
                        "means_of_verification_en": (
                            "Reports of mobile operators to the Ministry of Posts and Telecommunications"
                        ),
                        "means_of_verification_km": "",
                    },
                ],
            },
            {
                "code": "2",
                "text_en": "Teach children and young people in school to recognise and avoid trafficking.",
                "text_km": "អប់រំកុមារ និងយុវជននៅតាមសាលារៀន ឱ្យចេះស្គាល់ និងចៀសវាងពីការជួញដូរមនុស្ស។",
                "activities": [
                    {
                        "code": "2.1",
                        "text_en": (
                            "Add a module on trafficking and safe migration to the life-skills "
                            "curriculum of lower secondary schools, and train teachers to teach it."
                        ),
                        "text_km": (
                            "បញ្ចូលមេរៀនស្តីពីការជួញដូរមនុស្ស និងចំណាកស្រុកដោយសុវត្ថិភាព "
                            "ទៅក្នុងកម្មវិធីសិក្សាបំណិនជីវិតនៃអនុវិទ្យាល័យ និងបណ្តុះបណ្តាលគ្រូបង្រៀនឱ្យចេះបង្រៀនមេរៀននេះ។"
                        ),
                        "lead_ministry": "education",
                        "partners": ["womens-affairs", "social-affairs"],
                        "start_year": 2010,
                        "end_year": 2014,
                        "budget": "210000.00",
                        "currency": "USD",
                        "indicator_en": "Number of lower secondary schools teaching the module",
                        "indicator_km": "",
                        "baseline_en": "0 (2009)",
                        "baseline_km": "០ (ឆ្នាំ២០០៩)",
                        "target_en": "800 by 2014",
                        "target_km": "៨០០ ត្រឹមឆ្នាំ២០១៤",
                        "means_of_verification_en": (
                            "Annual school census of the Ministry of Education, Youth and Sport"
                        ),
                        "means_of_verification_km": "",
                    },
                ],
            },
            {
                "code": "3",
                "text_en": "Help people who choose to migrate for work to do so safely and through legal channels.",
                "text_km": ("ជួយប្រជាពលរដ្ឋដែលសម្រេចចិត្តធ្វើចំណាកស្រុកដើម្បីការងារ ឱ្យធ្វើចំណាកស្រុកដោយសុវត្ថិភាព និងតាមបណ្តាញស្របច្បាប់។"),
                "activities": [
                    {
                        "code": "3.1",
                        "text_en": (
                            "Give pre-departure orientation on workers' rights, contracts and sources "
                            "of help to all workers recruited for work abroad, and open information "
                            "desks in provincial labour departments."
                        ),
                        "text_km": (
                            "ផ្តល់វគ្គតម្រង់ទិសមុនចេញដំណើរស្តីពីសិទ្ធិពលករ កិច្ចសន្យាការងារ និងកន្លែងស្វែងរកជំនួយ "
                            "ដល់ពលករទាំងអស់ដែលត្រូវបានជ្រើសរើសទៅធ្វើការនៅបរទេស និងបើកតុព័ត៌មាននៅតាមមន្ទីរការងារ "
                            "និងបណ្តុះបណ្តាលវិជ្ជាជីវៈខេត្ត។"
                        ),
                        "lead_ministry": "labour",
                        "partners": ["interior", "womens-affairs"],
                        "start_year": 2010,
                        "end_year": 2014,
                        "budget": "140000.00",
                        "currency": "USD",
                        "indicator_en": "Number of migrant workers receiving pre-departure orientation",
                        "indicator_km": "ចំនួនពលករចំណាកស្រុកដែលទទួលបានការតម្រង់ទិសមុនចេញដំណើរ",
                        "baseline_en": "Not recorded (2009)",
                        "baseline_km": "មិនមានកំណត់ត្រា (ឆ្នាំ២០០៩)",
                        "target_en": "40,000 by 2014",
                        "target_km": "៤០,០០០ ត្រឹមឆ្នាំ២០១៤",
                        "means_of_verification_en": (
                            "Registers of recruitment agencies and provincial labour departments"
                        ),
                        "means_of_verification_km": "",
                    },
                ],
            },
        ],
    },
    "rehabilitation": {
        "title_en": "Rehabilitation, reintegration and repatriation",
        "title_km": "ការស្តារនីតិសម្បទា សមាហរណកម្ម និងមាតុភូមិនិវត្តន៍",
        "body_en": (
            "<p>Victims of trafficking need safety, medical care and time to recover before they can "
            "go home. Much of this care is provided today by non-governmental organisations, in "
            "shelters whose standards vary. The Ministry of Social Affairs, Veterans and Youth "
            "Rehabilitation will set minimum standards of care, apply them to state and NGO shelters "
            "alike, and make sure that every victim is told of his or her rights, including the right "
            "to claim compensation.</p>"
            "<p>Reintegration succeeds only when a victim can earn a living and is accepted back by "
            "family and community. The task force will link victims with vocational training and "
            "employment, and will rely on the commune committees for women and children to follow each "
            "case for at least a year after return.</p>"
            "<p>Cambodians trafficked abroad, mainly to Thailand, Viet Nam and Malaysia, must be "
            "brought home quickly and with dignity. Reception at the Poipet and Bavet border crossings "
            "will be improved, and the procedures agreed with neighbouring countries will be applied "
            "so that no victim is treated as an illegal immigrant.</p>"
        ),
        "body_km": (
            "<p>ជនរងគ្រោះដោយការជួញដូរមនុស្សត្រូវការសុវត្ថិភាព ការថែទាំសុខភាព និងពេលវេលាដើម្បីជាសះស្បើយ "
            "មុនពេលវិលត្រឡប់ទៅរស់នៅជាមួយគ្រួសារវិញ។ បច្ចុប្បន្ន ការថែទាំទាំងនេះភាគច្រើនត្រូវបានផ្តល់ដោយអង្គការមិនមែនរដ្ឋាភិបាល "
            "នៅតាមមណ្ឌលស្នាក់នៅដែលមានស្តង់ដារខុសៗគ្នា។ ក្រសួងសង្គមកិច្ច អតីតយុទ្ធជន និងយុវនីតិសម្បទា "
            "នឹងកំណត់ស្តង់ដារអប្បបរមានៃការថែទាំ អនុវត្តស្តង់ដារនេះចំពោះមណ្ឌលរបស់រដ្ឋ "
            "និងមណ្ឌលរបស់អង្គការមិនមែនរដ្ឋាភិបាលដូចគ្នា និងធានាថាជនរងគ្រោះគ្រប់រូបទទួលបានព័ត៌មានអំពីសិទ្ធិរបស់ខ្លួន "
            "រួមទាំងសិទ្ធិទាមទារសំណងផងដែរ។</p>"
            "<p>សមាហរណកម្មនឹងទទួលបានជោគជ័យ លុះត្រាតែជនរងគ្រោះអាចរកប្រាក់ចំណូលចិញ្ចឹមជីវិតបាន និងត្រូវបានគ្រួសារ "
            "និងសហគមន៍ទទួលយកវិញ។ ក្រុមការងារនឹងភ្ជាប់ជនរងគ្រោះទៅនឹងការបណ្តុះបណ្តាលវិជ្ជាជីវៈ និងការងារ "
            "ហើយនឹងពឹងផ្អែកលើគណៈកម្មការទទួលបន្ទុកកិច្ចការនារី និងកុមារឃុំ សង្កាត់ "
            "ក្នុងការតាមដានករណីនីមួយៗយ៉ាងហោចណាស់រយៈពេលមួយឆ្នាំ ក្រោយពេលវិលត្រឡប់មកវិញ។</p>"
            "<p>ពលរដ្ឋកម្ពុជាដែលរងការជួញដូរទៅបរទេស ជាពិសេសទៅប្រទេសថៃ ប្រទេសវៀតណាម និងប្រទេសម៉ាឡេស៊ី "
            "ត្រូវតែបញ្ជូនមកមាតុភូមិវិញយ៉ាងឆាប់រហ័ស និងប្រកបដោយសេចក្តីថ្លៃថ្នូរ។ ការទទួលជនរងគ្រោះនៅច្រកព្រំដែនប៉ោយប៉ែត និងបាវិត "
            "នឹងត្រូវពង្រឹង ហើយនីតិវិធីដែលបានព្រមព្រៀងជាមួយប្រទេសជិតខាងនឹងត្រូវអនុវត្ត "
            "ដើម្បីកុំឱ្យជនរងគ្រោះណាម្នាក់ត្រូវបានចាត់ទុកជាជនអន្តោប្រវេសន៍ខុសច្បាប់។</p>"
        ),
        "objectives": [
            {
                "code": "1",
                "text_en": (
                    "Ensure that victims receive safe shelter, medical care and counselling of an agreed standard."
                ),
                "text_km": (
                    "ធានាថាជនរងគ្រោះទទួលបានកន្លែងស្នាក់នៅប្រកបដោយសុវត្ថិភាព ការថែទាំសុខភាព និងការប្រឹក្សាផ្លូវចិត្ត តាមស្តង់ដារដែលបានឯកភាព។"
                ),
                "activities": [
                    {
                        "code": "1.1",
                        "text_en": (
                            "Adopt minimum standards for the residential care of trafficking victims, "
                            "and inspect all government and NGO shelters against them every year."
                        ),
                        "text_km": (
                            "អនុម័តស្តង់ដារអប្បបរមាស្តីពីការថែទាំជនរងគ្រោះដោយការជួញដូរមនុស្សនៅតាមមណ្ឌល "
                            "និងត្រួតពិនិត្យមណ្ឌលរបស់រដ្ឋ និងរបស់អង្គការមិនមែនរដ្ឋាភិបាលទាំងអស់ "
                            "ដោយផ្អែកលើស្តង់ដារនេះជារៀងរាល់ឆ្នាំ។"
                        ),
                        "lead_ministry": "social-affairs",
                        "partners": ["womens-affairs", "lscw"],
                        "start_year": 2010,
                        "end_year": 2014,
                        "budget": "75000.00",
                        "currency": "USD",
                        "indicator_en": (
                            "Proportion of registered shelters inspected against the minimum standards each year"
                        ),
                        "indicator_km": "",
                        "baseline_en": "0% (2009)",
                        "baseline_km": "០% (ឆ្នាំ២០០៩)",
                        "target_en": "100% each year from 2011",
                        "target_km": "១០០% ជារៀងរាល់ឆ្នាំ ចាប់ពីឆ្នាំ២០១១",
                        "means_of_verification_en": (
                            "Inspection reports of the Ministry of Social Affairs, Veterans and Youth Rehabilitation"
                        ),
                        "means_of_verification_km": "",
                    },
                    {
                        "code": "1.2",
                        "text_en": (
                            "Provide free medical examination, treatment and psychological counselling "
                            "to identified victims through referral hospitals and health centres."
                        ),
                        "text_km": (
                            "ផ្តល់ការពិនិត្យសុខភាព ការព្យាបាល និងការប្រឹក្សាផ្លូវចិត្តដោយឥតគិតថ្លៃ "
                            "ដល់ជនរងគ្រោះដែលត្រូវបានកំណត់អត្តសញ្ញាណ តាមរយៈមន្ទីរពេទ្យបង្អែក និងមណ្ឌលសុខភាព។"
                        ),
                        "lead_ministry": "health",
                        "partners": ["social-affairs", "womens-affairs"],
                        "start_year": 2010,
                        "end_year": 2014,
                        "budget": "130000.00",
                        "currency": "USD",
                        "indicator_en": (
                            "Proportion of identified victims receiving a medical examination and counselling"
                        ),
                        "indicator_km": "",
                        "baseline_en": "Not recorded (2009)",
                        "baseline_km": "មិនមានកំណត់ត្រា (ឆ្នាំ២០០៩)",
                        "target_en": "90% by 2013",
                        "target_km": "៩០% ត្រឹមឆ្នាំ២០១៣",
                        "means_of_verification_en": "Referral records of provincial health departments",
                        "means_of_verification_km": "",
                    },
                ],
            },
            {
                "code": "2",
                "text_en": "Help victims return to their families and communities and earn a living.",
                "text_km": ("ជួយជនរងគ្រោះឱ្យវិលត្រឡប់ទៅរស់នៅជាមួយគ្រួសារ និងសហគមន៍វិញ និងអាចរកប្រាក់ចំណូលចិញ្ចឹមជីវិតបាន។"),
                "activities": [
                    {
                        "code": "2.1",
                        "text_en": (
                            "Provide vocational training, start-up support and job placement for "
                            "victims, in partnership with vocational training centres and employers."
                        ),
                        "text_km": (
                            "ផ្តល់ការបណ្តុះបណ្តាលវិជ្ជាជីវៈ ការគាំទ្រដើម្បីចាប់ផ្តើមមុខរបរ និងការជួយស្វែងរកការងារ "
                            "ដល់ជនរងគ្រោះ ដោយសហការជាមួយមជ្ឈមណ្ឌលបណ្តុះបណ្តាលវិជ្ជាជីវៈ និងនិយោជក។"
                        ),
                        "lead_ministry": "labour",
                        "partners": ["social-affairs", "womens-affairs"],
                        "start_year": 2011,
                        "end_year": 2014,
                        "budget": "180000.00",
                        "currency": "USD",
                        "indicator_en": "Number of victims completing vocational training",
                        "indicator_km": "ចំនួនជនរងគ្រោះដែលបានបញ្ចប់វគ្គបណ្តុះបណ្តាលវិជ្ជាជីវៈ",
                        "baseline_en": "Not recorded (2009)",
                        "baseline_km": "មិនមានកំណត់ត្រា (ឆ្នាំ២០០៩)",
                        "target_en": "1,500 by 2014",
                        "target_km": "១,៥០០ ត្រឹមឆ្នាំ២០១៤",
                        "means_of_verification_en": "Records of provincial vocational training centres",
                        "means_of_verification_km": "",
                    },
                    {
                        "code": "2.2",
                        "text_en": (
                            "Train commune committees for women and children to follow up reintegrated "
                            "victims, with at least three home visits in the first year after return."
                        ),
                        "text_km": (
                            "បណ្តុះបណ្តាលគណៈកម្មការទទួលបន្ទុកកិច្ចការនារី និងកុមារឃុំ សង្កាត់ "
                            "ឱ្យតាមដានជនរងគ្រោះដែលបានធ្វើសមាហរណកម្ម ដោយចុះសួរសុខទុក្ខដល់ផ្ទះយ៉ាងហោចណាស់បីដង "
                            "ក្នុងឆ្នាំដំបូងក្រោយពេលវិលត្រឡប់មកវិញ។"
                        ),
                        "lead_ministry": "womens-affairs",
                        "partners": ["interior", "social-affairs"],
                        "start_year": 2010,
                        "end_year": 2014,
                        "budget": "110000.00",
                        "currency": "USD",
                        "indicator_en": (
                            "Proportion of reintegrated victims visited at least three times in the first year"
                        ),
                        "indicator_km": "",
                        "baseline_en": "Not recorded (2009)",
                        "baseline_km": "មិនមានកំណត់ត្រា (ឆ្នាំ២០០៩)",
                        "target_en": "80% by 2014",
                        "target_km": "៨០% ត្រឹមឆ្នាំ២០១៤",
                        "means_of_verification_en": "Case files of the commune committees for women and children",
                        "means_of_verification_km": "",
                    },
                ],
            },
            {
                "code": "3",
                "text_en": "Bring Cambodian victims home from abroad quickly, safely and with dignity.",
                "text_km": ("បញ្ជូនជនរងគ្រោះជាពលរដ្ឋកម្ពុជាពីបរទេសមកមាតុភូមិវិញ ប្រកបដោយភាពរហ័ស សុវត្ថិភាព និងសេចក្តីថ្លៃថ្នូរ។"),
                "activities": [
                    {
                        "code": "3.1",
                        "text_en": (
                            "Issue travel documents without delay to victims identified abroad, and "
                            "improve the reception of returned victims at the Poipet and Bavet "
                            "international border crossings."
                        ),
                        "text_km": (
                            "ចេញលិខិតធ្វើដំណើរជូនជនរងគ្រោះដែលត្រូវបានកំណត់អត្តសញ្ញាណនៅបរទេស ដោយគ្មានការពន្យារពេល "
                            "និងពង្រឹងការទទួលជនរងគ្រោះដែលត្រូវបានបញ្ជូនមកវិញ នៅច្រកព្រំដែនអន្តរជាតិប៉ោយប៉ែត និងបាវិត។"
                        ),
                        "lead_ministry": "foreign-affairs",
                        "partners": ["social-affairs", "interior"],
                        "start_year": 2010,
                        "end_year": 2013,
                        "budget": "150000.00",
                        "currency": "USD",
                        "indicator_en": "Average number of days between identification abroad and return to Cambodia",
                        "indicator_km": "",
                        "baseline_en": "About 120 days (2009)",
                        "baseline_km": "ប្រហែល ១២០ ថ្ងៃ (ឆ្នាំ២០០៩)",
                        "target_en": "45 days by 2013",
                        "target_km": "៤៥ ថ្ងៃ ត្រឹមឆ្នាំ២០១៣",
                        "means_of_verification_en": (
                            "Case records of the Ministry of Foreign Affairs and the Ministry of Social Affairs"
                        ),
                        "means_of_verification_km": "",
                    },
                ],
            },
        ],
    },
    "law-enforcement": {
        "title_en": "Law enforcement",
        "title_km": "ការអនុវត្តច្បាប់",
        "body_en": (
            "<p>The 2008 Law on Suppression of Human Trafficking and Sexual Exploitation defines "
            "trafficking offences clearly and provides heavy penalties, but it is only as effective as "
            "the officers who apply it. Many police and gendarmerie officers in the provinces have not "
            "yet been trained in the new law, in the identification of victims or in the handling of "
            "cross-border cases. The task force will give priority to training, to better information "
            "on cases, and to the protection of victims during investigation.</p>"
            "<p>Trafficking networks use the border crossings with Thailand and Viet Nam, and "
            "increasingly the recruitment of workers for jobs abroad. Border checkpoints will be "
            "strengthened with trained officers, and the licensing and inspection of private "
            "recruitment agencies will be tightened so that recruitment for work abroad cannot serve "
            "as a cover for trafficking or forced labour.</p>"
            "<p>Law enforcement officials will respect the rights of victims: <strong>no victim will "
            "be detained or prosecuted for offences committed as a direct result of having been "
            "trafficked.</strong></p>"
        ),
        "body_km": (
            "<p>ច្បាប់ស្តីពីការបង្ក្រាបអំពើជួញដូរមនុស្ស និងអំពើធ្វើអាជីវកម្មផ្លូវភេទ ឆ្នាំ២០០៨ "
            "បានកំណត់បទល្មើសជួញដូរមនុស្សយ៉ាងច្បាស់លាស់ និងមានទោសទណ្ឌធ្ងន់ធ្ងរ "
            "ប៉ុន្តែប្រសិទ្ធភាពនៃច្បាប់នេះអាស្រ័យលើមន្ត្រីអនុវត្តច្បាប់ដែលអនុវត្តវា។ មន្ត្រីនគរបាល "
            "និងកងរាជអាវុធហត្ថជាច្រើននៅតាមបណ្តាខេត្ត មិនទាន់ទទួលបានការបណ្តុះបណ្តាលអំពីច្បាប់ថ្មីនេះ "
            "អំពីការកំណត់អត្តសញ្ញាណជនរងគ្រោះ និងអំពីការដោះស្រាយករណីឆ្លងដែននៅឡើយទេ។ "
            "ក្រុមការងារនឹងផ្តល់អាទិភាពដល់ការបណ្តុះបណ្តាល ការប្រមូលព័ត៌មានអំពីករណីឱ្យបានប្រសើរ "
            "និងការការពារជនរងគ្រោះក្នុងដំណាក់កាលស៊ើបអង្កេត។</p>"
            "<p>បណ្តាញជួញដូរមនុស្សប្រើប្រាស់ច្រកព្រំដែនជាមួយប្រទេសថៃ និងប្រទេសវៀតណាម "
            "ហើយកាន់តែប្រើប្រាស់ការជ្រើសរើសពលករទៅធ្វើការនៅបរទេស។ "
            "ច្រកត្រួតពិនិត្យនៅតាមព្រំដែននឹងត្រូវពង្រឹងដោយមន្ត្រីដែលបានទទួលការបណ្តុះបណ្តាល ហើយការផ្តល់អាជ្ញាប័ណ្ណ "
            "និងការត្រួតពិនិត្យទីភ្នាក់ងារជ្រើសរើសឯកជន នឹងត្រូវរឹតបន្តឹង "
            "ដើម្បីកុំឱ្យការជ្រើសរើសពលករទៅធ្វើការនៅបរទេសត្រូវបានប្រើប្រាស់ជាលេសសម្រាប់ការជួញដូរមនុស្ស "
            "ឬការបង្ខំឱ្យធ្វើការងារ។</p>"
            "<p>មន្ត្រីអនុវត្តច្បាប់ត្រូវបំពេញភារកិច្ចដោយគោរពសិទ្ធិរបស់ជនរងគ្រោះ៖ <strong>គ្មានជនរងគ្រោះណាម្នាក់ត្រូវបានឃុំខ្លួន "
            "ឬត្រូវបានចោទប្រកាន់ ចំពោះបទល្មើសដែលបានប្រព្រឹត្តជាលទ្ធផលផ្ទាល់នៃការរងការជួញដូរនោះឡើយ។</strong></p>"
        ),
        "objectives": [
            {
                "code": "1",
                "text_en": (
                    "Strengthen the capacity of the police and the gendarmerie to investigate "
                    "trafficking cases and identify victims."
                ),
                "text_km": ("ពង្រឹងសមត្ថភាពនគរបាល និងកងរាជអាវុធហត្ថ ក្នុងការស៊ើបអង្កេតករណីជួញដូរមនុស្ស និងការកំណត់អត្តសញ្ញាណជនរងគ្រោះ។"),
                "activities": [
                    {
                        "code": "1.1",
                        "text_en": (
                            "Train anti-trafficking and judicial police officers in every province in "
                            "the 2008 law, investigation techniques and the interviewing of victims."
                        ),
                        "text_km": (
                            "បណ្តុះបណ្តាលមន្ត្រីនគរបាលប្រឆាំងការជួញដូរមនុស្ស និងមន្ត្រីនគរបាលយុត្តិធម៌ នៅគ្រប់ខេត្ត "
                            "អំពីច្បាប់ឆ្នាំ២០០៨ បច្ចេកទេសស៊ើបអង្កេត និងការសាកសួរជនរងគ្រោះ។"
                        ),
                        "lead_ministry": "interior",
                        "partners": ["justice", "aple"],
                        "start_year": 2010,
                        "end_year": 2012,
                        "budget": "160000.00",
                        "currency": "USD",
                        "indicator_en": "Number of police officers trained in the 2008 law",
                        "indicator_km": "ចំនួនមន្ត្រីនគរបាលដែលបានទទួលការបណ្តុះបណ្តាលអំពីច្បាប់ឆ្នាំ២០០៨",
                        "baseline_en": "0 (2009)",
                        "baseline_km": "០ (ឆ្នាំ២០០៩)",
                        "target_en": "1,200 by 2012",
                        "target_km": "១,២០០ ត្រឹមឆ្នាំ២០១២",
                        "means_of_verification_en": "Training reports of the Ministry of Interior",
                        "means_of_verification_km": "របាយការណ៍វគ្គបណ្តុះបណ្តាលរបស់ក្រសួងមហាផ្ទៃ",
                    },
                    {
                        "code": "1.2",
                        "text_en": (
                            "Train gendarmerie and immigration officers at the main border checkpoints "
                            "with Thailand and Viet Nam to screen travellers and identify possible "
                            "victims."
                        ),
                        "text_km": (
                            "បណ្តុះបណ្តាលកងរាជអាវុធហត្ថ និងមន្ត្រីអន្តោប្រវេសន៍ នៅច្រកត្រួតពិនិត្យព្រំដែនសំខាន់ៗជាមួយប្រទេសថៃ "
                            "និងប្រទេសវៀតណាម ឱ្យចេះត្រួតពិនិត្យអ្នកដំណើរ និងកំណត់អត្តសញ្ញាណជនដែលអាចជាជនរងគ្រោះ។"
                        ),
                        "lead_ministry": "national-defence",
                        "partners": ["interior"],
                        "start_year": 2010,
                        "end_year": 2013,
                        "budget": "90000.00",
                        "currency": "USD",
                        "indicator_en": "Number of border checkpoints with trained screening officers",
                        "indicator_km": "",
                        "baseline_en": "2 (2009)",
                        "baseline_km": "២ (ឆ្នាំ២០០៩)",
                        "target_en": "12 by 2013",
                        "target_km": "១២ ត្រឹមឆ្នាំ២០១៣",
                        "means_of_verification_en": "Reports of the Royal Gendarmerie and the Immigration Department",
                        "means_of_verification_km": "",
                    },
                    {
                        "code": "1.3",
                        "text_en": (
                            "Set up a national database of trafficking cases shared by the police, the "
                            "courts and the secretariat, and publish annual statistics."
                        ),
                        "text_km": (
                            "បង្កើតមូលដ្ឋានទិន្នន័យជាតិស្តីពីករណីជួញដូរមនុស្ស សម្រាប់ប្រើប្រាស់រួមគ្នារវាងនគរបាល តុលាការ "
                            "និងលេខាធិការដ្ឋាន និងផ្សព្វផ្សាយស្ថិតិប្រចាំឆ្នាំ។"
                        ),
                        "lead_ministry": "interior",
                        "partners": ["justice", "social-affairs"],
                        "start_year": 2011,
                        "end_year": 2014,
                        "budget": "85000.00",
                        "currency": "USD",
                        "indicator_en": "Shared case database in use and annual statistics published",
                        "indicator_km": "",
                        "baseline_en": "No shared database (2009)",
                        "baseline_km": "មិនទាន់មានមូលដ្ឋានទិន្នន័យរួម (ឆ្នាំ២០០៩)",
                        "target_en": "Database in use by 2012; statistics published every year",
                        "target_km": "",
                        "means_of_verification_en": "Annual report of the National Commission",
                        "means_of_verification_km": "របាយការណ៍ប្រចាំឆ្នាំរបស់គណៈកម្មាធិការជាតិ",
                    },
                ],
            },
            {
                "code": "2",
                "text_en": "Prevent the misuse of labour recruitment and border crossings for trafficking.",
                "text_km": "ទប់ស្កាត់ការប្រើប្រាស់ការជ្រើសរើសពលករ និងច្រកព្រំដែន ដើម្បីប្រព្រឹត្តការជួញដូរមនុស្ស។",
                "activities": [
                    {
                        "code": "2.1",
                        "text_en": (
                            "Inspect licensed private recruitment agencies and their training centres "
                            "at least once a year, and suspend or revoke the licences of agencies "
                            "found in breach."
                        ),
                        "text_km": (
                            "ត្រួតពិនិត្យទីភ្នាក់ងារជ្រើសរើសឯកជនដែលមានអាជ្ញាប័ណ្ណ និងមជ្ឈមណ្ឌលបណ្តុះបណ្តាលរបស់ពួកគេ "
                            "យ៉ាងហោចណាស់ម្តងក្នុងមួយឆ្នាំ និងព្យួរ "
                            "ឬដកហូតអាជ្ញាប័ណ្ណរបស់ទីភ្នាក់ងារដែលត្រូវបានរកឃើញថាប្រព្រឹត្តល្មើស។"
                        ),
                        "lead_ministry": "labour",
                        "partners": ["interior", "lscw"],
                        "start_year": 2010,
                        "end_year": 2014,
                        "budget": "70000.00",
                        "currency": "USD",
                        "indicator_en": "Proportion of licensed recruitment agencies inspected each year",
                        "indicator_km": "",
                        "baseline_en": "Not recorded (2009)",
                        "baseline_km": "មិនមានកំណត់ត្រា (ឆ្នាំ២០០៩)",
                        "target_en": "100% each year from 2011",
                        "target_km": "១០០% ជារៀងរាល់ឆ្នាំ ចាប់ពីឆ្នាំ២០១១",
                        "means_of_verification_en": (
                            "Inspection reports of the Ministry of Labour and Vocational Training"
                        ),
                        "means_of_verification_km": "",
                    },
                    {
                        "code": "2.2",
                        "text_en": (
                            "Train customs officers at international border crossings to recognise "
                            "signs of trafficking and refer suspected cases to the anti-trafficking "
                            "police."
                        ),
                        "text_km": (
                            "បណ្តុះបណ្តាលមន្ត្រីគយនៅច្រកព្រំដែនអន្តរជាតិ ឱ្យចេះសម្គាល់សញ្ញានៃការជួញដូរមនុស្ស "
                            "និងបញ្ជូនករណីសង្ស័យទៅនគរបាលប្រឆាំងការជួញដូរមនុស្ស។"
                        ),
                        "lead_ministry": "economy-finance",
                        "partners": ["interior"],
                        "start_year": 2011,
                        "end_year": 2013,
                        "budget": "40000.00",
                        "currency": "USD",
                        "indicator_en": "Number of customs officers trained",
                        "indicator_km": "ចំនួនមន្ត្រីគយដែលបានទទួលការបណ្តុះបណ្តាល",
                        "baseline_en": "0 (2009)",
                        "baseline_km": "០ (ឆ្នាំ២០០៩)",
                        "target_en": "300 by 2013",
                        "target_km": "៣០០ ត្រឹមឆ្នាំ២០១៣",
                        "means_of_verification_en": "Training records of the General Department of Customs and Excise",
                        "means_of_verification_km": "",
                    },
                ],
            },
        ],
    },
    "justice": {
        "title_en": "Justice",
        "title_km": "យុត្តិធម៌",
        "body_en": (
            "<p>Trafficking cases reach the courts in growing numbers, but judges, prosecutors and "
            "court clerks have had little opportunity to study the 2008 law, and the way its "
            "provisions are applied still differs from one court to another. Trials can take a long "
            "time, and victims who have returned to their villages often cannot afford to travel to "
            "testify.</p>"
            "<p>The task force will train judges and prosecutors through the Royal Academy for "
            "Judicial Professions, issue guidance on the interpretation of the law, and work with the "
            "courts so that trafficking cases are heard without undue delay. It will give particular "
            "attention to victims and witnesses:</p>"
            "<ul>"
            "<li>legal aid and representation for victims, in cooperation with legal aid organisations "
            "such as Legal Support for Children and Women;</li>"
            "<li>child-friendly rooms and procedures, so that children can testify without facing the "
            "accused;</li>"
            "<li>payment of travel and accommodation when victims and witnesses are summoned to "
            "court.</li>"
            "</ul>"
        ),
        "body_km": (
            "<p>ករណីជួញដូរមនុស្សត្រូវបានបញ្ជូនមកតុលាការកាន់តែច្រើនឡើង ប៉ុន្តែចៅក្រម ព្រះរាជអាជ្ញា និងក្រឡាបញ្ជី "
            "នៅមានឱកាសតិចតួចក្នុងការសិក្សាច្បាប់ឆ្នាំ២០០៨ "
            "ហើយការអនុវត្តបទប្បញ្ញត្តិនៃច្បាប់នេះនៅតែខុសគ្នាពីតុលាការមួយទៅតុលាការមួយ។ ការជំនុំជម្រះអាចចំណាយពេលយូរ "
            "ហើយជនរងគ្រោះដែលបានវិលត្រឡប់ទៅភូមិរបស់ខ្លួនវិញ ច្រើនតែគ្មានលទ្ធភាពធ្វើដំណើរមកផ្តល់សក្ខីកម្មនៅតុលាការ។</p>"
            "<p>ក្រុមការងារនឹងបណ្តុះបណ្តាលចៅក្រម និងព្រះរាជអាជ្ញា តាមរយៈរាជបណ្ឌិត្យសភាវិជ្ជាជីវៈតុលាការ "
            "ចេញសេចក្តីណែនាំស្តីពីការបកស្រាយច្បាប់ និងសហការជាមួយតុលាការ "
            "ដើម្បីឱ្យករណីជួញដូរមនុស្សត្រូវបានជំនុំជម្រះដោយគ្មានការពន្យារពេលហួសហេតុ។ "
            "ក្រុមការងារនឹងយកចិត្តទុកដាក់ជាពិសេសចំពោះជនរងគ្រោះ និងសាក្សី តាមរយៈ៖</p>"
            "<ul>"
            "<li>ជំនួយផ្នែកច្បាប់ និងការតំណាងផ្លូវច្បាប់សម្រាប់ជនរងគ្រោះ ដោយសហការជាមួយអង្គការផ្តល់ជំនួយផ្នែកច្បាប់ "
            "ដូចជាអង្គការជំនួយផ្នែកច្បាប់សម្រាប់កុមារ និងស្ត្រី</li>"
            "<li>បន្ទប់ និងនីតិវិធីស័ក្តិសមសម្រាប់កុមារ ដើម្បីឱ្យកុមារអាចផ្តល់សក្ខីកម្មដោយមិនចាំបាច់ប្រឈមមុខនឹងជនជាប់ចោទ</li>"
            "<li>ការចេញថ្លៃធ្វើដំណើរ និងថ្លៃស្នាក់នៅ នៅពេលជនរងគ្រោះ និងសាក្សីត្រូវបានកោះហៅទៅតុលាការ។</li>"
            "</ul>"
        ),
        "objectives": [
            {
                "code": "1",
                "text_en": (
                    "Improve the knowledge of judges and prosecutors and the consistency with which "
                    "they apply the 2008 law."
                ),
                "text_km": ("លើកកម្ពស់ចំណេះដឹងរបស់ចៅក្រម និងព្រះរាជអាជ្ញា និងភាពស៊ីសង្វាក់គ្នាក្នុងការអនុវត្តច្បាប់ឆ្នាំ២០០៨។"),
                "activities": [
                    {
                        "code": "1.1",
                        "text_en": (
                            "Train judges, prosecutors and court clerks in the 2008 law through the "
                            "Royal Academy for Judicial Professions and regional workshops."
                        ),
                        "text_km": (
                            "បណ្តុះបណ្តាលចៅក្រម ព្រះរាជអាជ្ញា និងក្រឡាបញ្ជី អំពីច្បាប់ឆ្នាំ២០០៨ "
                            "តាមរយៈរាជបណ្ឌិត្យសភាវិជ្ជាជីវៈតុលាការ និងសិក្ខាសាលាថ្នាក់តំបន់។"
                        ),
                        "lead_ministry": "justice",
                        "partners": ["lscw", "interior"],
                        "start_year": 2010,
                        "end_year": 2012,
                        "budget": "120000.00",
                        "currency": "USD",
                        "indicator_en": "Number of judges and prosecutors trained in the 2008 law",
                        "indicator_km": "ចំនួនចៅក្រម និងព្រះរាជអាជ្ញាដែលបានទទួលការបណ្តុះបណ្តាលអំពីច្បាប់ឆ្នាំ២០០៨",
                        "baseline_en": "About 50 (2009)",
                        "baseline_km": "ប្រហែល ៥០ (ឆ្នាំ២០០៩)",
                        "target_en": "300 by 2012",
                        "target_km": "៣០០ ត្រឹមឆ្នាំ២០១២",
                        "means_of_verification_en": "Training records of the Royal Academy for Judicial Professions",
                        "means_of_verification_km": "",
                    },
                    {
                        "code": "1.2",
                        "text_en": (
                            "Prepare an explanatory guide to the 2008 law, with examples of judgments "
                            "and sentencing practice, and distribute it to all courts."
                        ),
                        "text_km": (
                            "រៀបចំឯកសារណែនាំពន្យល់អំពីច្បាប់ឆ្នាំ២០០៨ ដោយមានគំរូសាលក្រម និងការអនុវត្តក្នុងការកំណត់ទោស ហើយចែកចាយជូនគ្រប់តុលាការ។"
                        ),
                        "lead_ministry": "justice",
                        "partners": ["interior"],
                        "start_year": 2010,
                        "end_year": 2011,
                        "budget": "25000.00",
                        "currency": "USD",
                        "indicator_en": "Explanatory guide distributed to all courts",
                        "indicator_km": "",
                        "baseline_en": "None (2009)",
                        "baseline_km": "មិនមាន (ឆ្នាំ២០០៩)",
                        "target_en": "Distributed to all courts by 2011",
                        "target_km": "ចែកជូនគ្រប់តុលាការ ត្រឹមឆ្នាំ២០១១",
                        "means_of_verification_en": "Distribution records of the Ministry of Justice",
                        "means_of_verification_km": "កំណត់ត្រាការចែកចាយរបស់ក្រសួងយុត្តិធម៌",
                    },
                ],
            },
            {
                "code": "2",
                "text_en": "Protect victims and witnesses and give them access to justice.",
                "text_km": "ការពារជនរងគ្រោះ និងសាក្សី និងធានាឱ្យពួកគេទទួលបានយុត្តិធម៌។",
                "activities": [
                    {
                        "code": "2.1",
                        "text_en": (
                            "Provide free legal advice and representation to victims in criminal "
                            "proceedings and in claims for compensation."
                        ),
                        "text_km": (
                            "ផ្តល់ការប្រឹក្សាផ្លូវច្បាប់ និងការតំណាងផ្លូវច្បាប់ដោយឥតគិតថ្លៃ ដល់ជនរងគ្រោះ ក្នុងនីតិវិធីព្រហ្មទណ្ឌ និងក្នុងការទាមទារសំណង។"
                        ),
                        "lead_ministry": "womens-affairs",
                        "partners": ["lscw", "justice"],
                        "start_year": 2010,
                        "end_year": 2014,
                        "budget": "140000.00",
                        "currency": "USD",
                        "indicator_en": "Number of victims receiving legal representation",
                        "indicator_km": "",
                        "baseline_en": "About 150 (2009)",
                        "baseline_km": "ប្រហែល ១៥០ (ឆ្នាំ២០០៩)",
                        "target_en": "1,000 by 2014 (cumulative)",
                        "target_km": "",
                        "means_of_verification_en": "Case records of the Ministry of Women's Affairs and partner NGOs",
                        "means_of_verification_km": "",
                    },
                    {
                        "code": "2.2",
                        "text_en": (
                            "Equip provincial courts with child-friendly waiting and interview rooms "
                            "and video equipment, so that children can testify without facing the "
                            "accused."
                        ),
                        "text_km": (
                            "បំពាក់សាលាដំបូងខេត្តនូវបន្ទប់រង់ចាំ និងបន្ទប់សាកសួរស័ក្តិសមសម្រាប់កុមារ និងឧបករណ៍វីដេអូ "
                            "ដើម្បីឱ្យកុមារអាចផ្តល់សក្ខីកម្មដោយមិនចាំបាច់ប្រឈមមុខនឹងជនជាប់ចោទ។"
                        ),
                        "lead_ministry": "justice",
                        "partners": ["aple", "social-affairs"],
                        "start_year": 2011,
                        "end_year": 2014,
                        "budget": "160000.00",
                        "currency": "USD",
                        "indicator_en": "Number of courts with a child-friendly room and video equipment",
                        "indicator_km": "",
                        "baseline_en": "1 (2009)",
                        "baseline_km": "១ (ឆ្នាំ២០០៩)",
                        "target_en": "10 by 2014",
                        "target_km": "១០ ត្រឹមឆ្នាំ២០១៤",
                        "means_of_verification_en": "Reports of the Ministry of Justice; site visits",
                        "means_of_verification_km": "",
                    },
                    {
                        "code": "2.3",
                        "text_en": "Pay the travel and accommodation costs of victims and witnesses summoned to court.",
                        "text_km": "ចេញថ្លៃធ្វើដំណើរ និងថ្លៃស្នាក់នៅជូនជនរងគ្រោះ និងសាក្សីដែលត្រូវបានកោះហៅទៅតុលាការ។",
                        "lead_ministry": "justice",
                        "partners": ["economy-finance", "lscw"],
                        "start_year": 2011,
                        "end_year": 2014,
                        "budget": "45000.00",
                        "currency": "USD",
                        "indicator_en": "Proportion of summoned victims and witnesses whose travel costs are paid",
                        "indicator_km": "",
                        "baseline_en": "Not recorded (2009)",
                        "baseline_km": "មិនមានកំណត់ត្រា (ឆ្នាំ២០០៩)",
                        "target_en": "100% by 2012",
                        "target_km": "១០០% ត្រឹមឆ្នាំ២០១២",
                        "means_of_verification_en": "Expenditure records of the courts",
                        "means_of_verification_km": "កំណត់ត្រាចំណាយរបស់តុលាការ",
                    },
                ],
            },
        ],
    },
    "international-cooperation": {
        "title_en": "International cooperation",
        "title_km": "សហប្រតិបត្តិការអន្តរជាតិ",
        "body_en": (
            "<p>Trafficking from Cambodia is largely a cross-border crime. Victims are taken to "
            "Thailand and Malaysia to work in fishing, construction, agriculture and domestic service, "
            "and women and children are trafficked to and from Viet Nam for sexual exploitation. No "
            "country can respond to this alone. Cambodia signed a memorandum of understanding with "
            "Thailand in 2003 and an agreement with Viet Nam in 2005 on cooperation against "
            "trafficking, and is a party to the 2004 COMMIT memorandum of understanding of the six "
            "countries of the Greater Mekong Sub-region.</p>"
            "<p>Over the period of the plan the task force will make these agreements work in "
            "practice: regular bilateral reviews, common procedures for the identification and return "
            "of victims, and direct exchange of information between police at the border. It will also "
            "seek agreements on the protection of migrant workers with the main countries of "
            "destination, and prepare Cambodian embassies to help citizens in difficulty.</p>"
        ),
        "body_km": (
            "<p>ការជួញដូរមនុស្សពីកម្ពុជាភាគច្រើនជាឧក្រិដ្ឋកម្មឆ្លងដែន។ ជនរងគ្រោះត្រូវបាននាំទៅប្រទេសថៃ និងប្រទេសម៉ាឡេស៊ី "
            "ដើម្បីធ្វើការក្នុងវិស័យនេសាទ សំណង់ កសិកម្ម និងការងារតាមផ្ទះ ហើយស្ត្រី និងកុមារត្រូវបានជួញដូរទៅកាន់ "
            "និងមកពីប្រទេសវៀតណាម ក្នុងគោលបំណងកេងប្រវ័ញ្ចផ្លូវភេទ។ គ្មានប្រទេសណាមួយអាចដោះស្រាយបញ្ហានេះតែម្នាក់ឯងបានឡើយ។ "
            "កម្ពុជាបានចុះអនុស្សរណៈនៃការយោគយល់គ្នាជាមួយប្រទេសថៃនៅឆ្នាំ២០០៣ និងកិច្ចព្រមព្រៀងជាមួយប្រទេសវៀតណាមនៅឆ្នាំ២០០៥ "
            "ស្តីពីកិច្ចសហប្រតិបត្តិការប្រឆាំងការជួញដូរមនុស្ស ហើយជាភាគីនៃអនុស្សរណៈនៃការយោគយល់គ្នា COMMIT ឆ្នាំ២០០៤ "
            "របស់ប្រទេសទាំងប្រាំមួយនៃអនុតំបន់មហាមេគង្គ។</p>"
            "<p>ក្នុងអំឡុងពេលអនុវត្តផែនការនេះ ក្រុមការងារនឹងធ្វើឱ្យកិច្ចព្រមព្រៀងទាំងនេះមានប្រសិទ្ធភាពជាក់ស្តែង "
            "តាមរយៈការពិនិត្យឡើងវិញទ្វេភាគីជាប្រចាំ នីតិវិធីរួមសម្រាប់ការកំណត់អត្តសញ្ញាណ និងការបញ្ជូនជនរងគ្រោះត្រឡប់មកវិញ "
            "និងការផ្លាស់ប្តូរព័ត៌មានដោយផ្ទាល់រវាងនគរបាលនៅតាមព្រំដែន។ "
            "ក្រុមការងារក៏នឹងស្វែងរកកិច្ចព្រមព្រៀងស្តីពីការការពារពលករចំណាកស្រុក ជាមួយប្រទេសគោលដៅសំខាន់ៗ "
            "និងពង្រឹងសមត្ថភាពស្ថានទូតកម្ពុជា ក្នុងការជួយពលរដ្ឋដែលជួបការលំបាក។</p>"
        ),
        "objectives": [
            {
                "code": "1",
                "text_en": (
                    "Put into practice the bilateral agreements with Thailand and Viet Nam and the COMMIT process."
                ),
                "text_km": ("អនុវត្តកិច្ចព្រមព្រៀងទ្វេភាគីជាមួយប្រទេសថៃ និងប្រទេសវៀតណាម និងដំណើរការ COMMIT ឱ្យមានប្រសិទ្ធភាព។"),
                "activities": [
                    {
                        "code": "1.1",
                        "text_en": (
                            "Hold annual review meetings with Thailand and with Viet Nam on the "
                            "implementation of the bilateral agreements, and agree joint work plans."
                        ),
                        "text_km": (
                            "រៀបចំកិច្ចប្រជុំពិនិត្យឡើងវិញប្រចាំឆ្នាំជាមួយប្រទេសថៃ និងជាមួយប្រទេសវៀតណាម "
                            "ស្តីពីការអនុវត្តកិច្ចព្រមព្រៀងទ្វេភាគី និងឯកភាពលើផែនការការងាររួម។"
                        ),
                        "lead_ministry": "foreign-affairs",
                        "partners": ["interior", "social-affairs"],
                        "start_year": 2010,
                        "end_year": 2014,
                        "budget": "100000.00",
                        "currency": "USD",
                        "indicator_en": "Number of bilateral review meetings held",
                        "indicator_km": "ចំនួនកិច្ចប្រជុំពិនិត្យទ្វេភាគីដែលបានរៀបចំ",
                        "baseline_en": "1 (2009)",
                        "baseline_km": "១ (ឆ្នាំ២០០៩)",
                        "target_en": "10 by 2014 (two a year)",
                        "target_km": "១០ ត្រឹមឆ្នាំ២០១៤ (ពីរដងក្នុងមួយឆ្នាំ)",
                        "means_of_verification_en": "Minutes of the bilateral meetings",
                        "means_of_verification_km": "កំណត់ហេតុនៃកិច្ចប្រជុំទ្វេភាគី",
                    },
                    {
                        "code": "1.2",
                        "text_en": (
                            "Agree with Thailand and Viet Nam on common procedures for the "
                            "identification, referral and repatriation of victims."
                        ),
                        "text_km": (
                            "ឯកភាពជាមួយប្រទេសថៃ និងប្រទេសវៀតណាម លើនីតិវិធីរួមសម្រាប់ការកំណត់អត្តសញ្ញាណ ការបញ្ជូនបន្ត "
                            "និងការបញ្ជូនជនរងគ្រោះមកមាតុភូមិវិញ។"
                        ),
                        "lead_ministry": "social-affairs",
                        "partners": ["foreign-affairs", "interior"],
                        "start_year": 2010,
                        "end_year": 2012,
                        "budget": "50000.00",
                        "currency": "USD",
                        "indicator_en": "Joint procedures signed with each neighbouring country",
                        "indicator_km": "",
                        "baseline_en": "None signed (2009)",
                        "baseline_km": "មិនទាន់បានចុះហត្ថលេខា (ឆ្នាំ២០០៩)",
                        "target_en": "Signed with Thailand and Viet Nam by 2012",
                        "target_km": "ចុះហត្ថលេខាជាមួយប្រទេសថៃ និងវៀតណាម ត្រឹមឆ្នាំ២០១២",
                        "means_of_verification_en": "Signed procedures on file at the secretariat",
                        "means_of_verification_km": "",
                    },
                ],
            },
            {
                "code": "2",
                "text_en": "Protect Cambodian migrant workers in the main countries of destination.",
                "text_km": "ការពារពលករចំណាកស្រុកកម្ពុជា នៅក្នុងប្រទេសគោលដៅសំខាន់ៗ។",
                "activities": [
                    {
                        "code": "2.1",
                        "text_en": (
                            "Negotiate memoranda of understanding on the recruitment and protection of "
                            "workers with Malaysia and other countries of destination, and review the "
                            "2003 memorandum on employment with Thailand."
                        ),
                        "text_km": (
                            "ចរចាអនុស្សរណៈនៃការយោគយល់គ្នាស្តីពីការជ្រើសរើស និងការការពារពលករ ជាមួយប្រទេសម៉ាឡេស៊ី "
                            "និងប្រទេសគោលដៅផ្សេងទៀត និងពិនិត្យឡើងវិញនូវអនុស្សរណៈនៃការយោគយល់គ្នាឆ្នាំ២០០៣ ស្តីពីការងារ "
                            "ជាមួយប្រទេសថៃ។"
                        ),
                        "lead_ministry": "labour",
                        "partners": ["foreign-affairs"],
                        "start_year": 2010,
                        "end_year": 2013,
                        "budget": "60000.00",
                        "currency": "USD",
                        "indicator_en": (
                            "Number of labour agreements with destination countries that include worker protection"
                        ),
                        "indicator_km": "",
                        "baseline_en": "2 (2009)",
                        "baseline_km": "២ (ឆ្នាំ២០០៩)",
                        "target_en": "4 by 2013",
                        "target_km": "៤ ត្រឹមឆ្នាំ២០១៣",
                        "means_of_verification_en": "Texts of the signed agreements",
                        "means_of_verification_km": "អត្ថបទនៃកិច្ចព្រមព្រៀងដែលបានចុះហត្ថលេខា",
                    },
                    {
                        "code": "2.2",
                        "text_en": (
                            "Designate and train an officer in each embassy in the main countries of "
                            "destination to assist trafficked persons and migrant workers in distress."
                        ),
                        "text_km": (
                            "តែងតាំង និងបណ្តុះបណ្តាលមន្ត្រីម្នាក់ នៅស្ថានទូតនីមួយៗក្នុងប្រទេសគោលដៅសំខាន់ៗ "
                            "ដើម្បីជួយជនរងគ្រោះដោយការជួញដូរ និងពលករចំណាកស្រុកដែលជួបការលំបាក។"
                        ),
                        "lead_ministry": "foreign-affairs",
                        "partners": ["labour", "social-affairs"],
                        "start_year": 2011,
                        "end_year": 2014,
                        "budget": "80000.00",
                        "currency": "USD",
                        "indicator_en": "Number of embassies with a trained designated officer",
                        "indicator_km": "",
                        "baseline_en": "0 (2009)",
                        "baseline_km": "០ (ឆ្នាំ២០០៩)",
                        "target_en": "5 by 2014",
                        "target_km": "៥ ត្រឹមឆ្នាំ២០១៤",
                        "means_of_verification_en": (
                            "Reports of the Ministry of Foreign Affairs and International Cooperation"
                        ),
                        "means_of_verification_km": "",
                    },
                ],
            },
            {
                "code": "3",
                "text_en": "Improve cooperation between law enforcement agencies across borders.",
                "text_km": "ពង្រឹងកិច្ចសហប្រតិបត្តិការឆ្លងដែនរវាងស្ថាប័នអនុវត្តច្បាប់។",
                "activities": [
                    {
                        "code": "3.1",
                        "text_en": (
                            "Establish border liaison offices at the main crossings with Thailand and "
                            "Viet Nam for the direct exchange of information on trafficking cases "
                            "between police."
                        ),
                        "text_km": (
                            "បង្កើតការិយាល័យទំនាក់ទំនងព្រំដែន នៅច្រកព្រំដែនសំខាន់ៗជាមួយប្រទេសថៃ និងប្រទេសវៀតណាម "
                            "សម្រាប់ការផ្លាស់ប្តូរព័ត៌មានដោយផ្ទាល់អំពីករណីជួញដូរមនុស្សរវាងនគរបាល។"
                        ),
                        "lead_ministry": "interior",
                        "partners": ["national-defence", "foreign-affairs"],
                        "start_year": 2010,
                        "end_year": 2013,
                        "budget": "120000.00",
                        "currency": "USD",
                        "indicator_en": "Number of border liaison offices exchanging case information each month",
                        "indicator_km": "",
                        "baseline_en": "2 (2009)",
                        "baseline_km": "២ (ឆ្នាំ២០០៩)",
                        "target_en": "8 by 2013",
                        "target_km": "៨ ត្រឹមឆ្នាំ២០១៣",
                        "means_of_verification_en": "Monthly reports of the border liaison offices",
                        "means_of_verification_km": "របាយការណ៍ប្រចាំខែរបស់ការិយាល័យទំនាក់ទំនងតាមព្រំដែន",
                    },
                ],
            },
        ],
    },
    "child-affairs": {
        "title_en": "Child affairs",
        "title_km": "កិច្ចការកុមារ",
        "body_en": (
            "<p>Children are among those most vulnerable to trafficking: they are sold or sent to beg "
            "in the streets of Thai cities, drawn into dangerous work, and sexually exploited, "
            "including by foreign offenders who come to Cambodia as tourists. The 2008 law and the "
            "Convention on the Rights of the Child, to which Cambodia has been a party since 1992, "
            "oblige the State to give every child special protection.</p>"
            "<p>The task force will work with the tourism industry to make tourist destinations safe "
            "for children, and with the police and organisations such as Action Pour Les Enfants to "
            "investigate and prosecute child sex offenders, whatever their nationality. It will help "
            "children at risk to stay in school, and will promote care in families rather than in "
            "institutions for children who cannot go home.</p>"
            "<p>In all activities <strong>the best interests of the child come first</strong>. The "
            "identity of child victims will be protected in the media and in court, and children will "
            "be heard in a manner suited to their age.</p>"
        ),
        "body_km": (
            "<p>កុមារស្ថិតក្នុងចំណោមក្រុមដែលងាយរងគ្រោះបំផុតដោយការជួញដូរមនុស្ស៖ ពួកគេត្រូវបានលក់ "
            "ឬបញ្ជូនទៅសុំទាននៅតាមដងផ្លូវក្នុងទីក្រុងនានានៃប្រទេសថៃ ត្រូវបានទាក់ទាញឱ្យធ្វើការងារដែលមានគ្រោះថ្នាក់ "
            "និងត្រូវបានកេងប្រវ័ញ្ចផ្លូវភេទ រួមទាំងដោយជនល្មើសបរទេសដែលធ្វើដំណើរមកកម្ពុជាក្នុងនាមជាភ្ញៀវទេសចរ។ ច្បាប់ឆ្នាំ២០០៨ "
            "និងអនុសញ្ញាស្តីពីសិទ្ធិកុមារ ដែលកម្ពុជាបានចូលជាភាគីតាំងពីឆ្នាំ១៩៩២ តម្រូវឱ្យរដ្ឋផ្តល់កិច្ចការពារពិសេសដល់កុមារគ្រប់រូប។</p>"
            "<p>ក្រុមការងារនឹងសហការជាមួយវិស័យទេសចរណ៍ ដើម្បីធ្វើឱ្យគោលដៅទេសចរណ៍មានសុវត្ថិភាពសម្រាប់កុមារ "
            "និងសហការជាមួយនគរបាល និងអង្គការនានា ដូចជាអង្គការសកម្មភាពដើម្បីកុមារ (APLE) ដើម្បីស៊ើបអង្កេត "
            "និងចោទប្រកាន់ជនល្មើសផ្លូវភេទលើកុមារ ដោយមិនប្រកាន់សញ្ជាតិ។ "
            "ក្រុមការងារនឹងជួយកុមារដែលប្រឈមនឹងហានិភ័យឱ្យបន្តការសិក្សានៅសាលារៀន "
            "និងលើកកម្ពស់ការថែទាំក្នុងគ្រួសារជាជាងនៅក្នុងមណ្ឌល សម្រាប់កុមារដែលមិនអាចវិលត្រឡប់ទៅផ្ទះវិញបាន។</p>"
            "<p>ក្នុងគ្រប់សកម្មភាពទាំងអស់ <strong>ឧត្តមប្រយោជន៍របស់កុមារត្រូវចាត់ទុកជាអាទិភាពចម្បង</strong>។ "
            "អត្តសញ្ញាណរបស់កុមាររងគ្រោះនឹងត្រូវបានការពារនៅក្នុងប្រព័ន្ធផ្សព្វផ្សាយ និងនៅតុលាការ "
            "ហើយការស្តាប់សំដីរបស់កុមារនឹងត្រូវធ្វើឡើងតាមរបៀបដែលសមស្របនឹងអាយុរបស់ពួកគេ។</p>"
        ),
        "objectives": [
            {
                "code": "1",
                "text_en": "Protect children from sexual exploitation, including in tourism.",
                "text_km": "ការពារកុមារពីការកេងប្រវ័ញ្ចផ្លូវភេទ រួមទាំងនៅក្នុងវិស័យទេសចរណ៍។",
                "activities": [
                    {
                        "code": "1.1",
                        "text_en": (
                            "Train hotel, guesthouse and restaurant staff and tuk-tuk and "
                            "motorbike-taxi drivers in Phnom Penh, Siem Reap and Preah Sihanouk in "
                            "child-safe tourism and in reporting suspected abuse."
                        ),
                        "text_km": (
                            "បណ្តុះបណ្តាលបុគ្គលិកសណ្ឋាគារ ផ្ទះសំណាក់ និងភោជនីយដ្ឋាន ព្រមទាំងអ្នករត់រ៉ឺម៉ក និងម៉ូតូឌុប "
                            "នៅរាជធានីភ្នំពេញ ខេត្តសៀមរាប និងខេត្តព្រះសីហនុ អំពីទេសចរណ៍សុវត្ថិភាពសម្រាប់កុមារ "
                            "និងការរាយការណ៍អំពីករណីសង្ស័យនៃការរំលោភបំពាន។"
                        ),
                        "lead_ministry": "tourism",
                        "partners": ["aple", "interior"],
                        "start_year": 2010,
                        "end_year": 2014,
                        "budget": "115000.00",
                        "currency": "USD",
                        "indicator_en": "Number of tourism workers trained in child-safe tourism",
                        "indicator_km": "",
                        "baseline_en": "About 300 (2009)",
                        "baseline_km": "ប្រហែល ៣០០ (ឆ្នាំ២០០៩)",
                        "target_en": "5,000 by 2014",
                        "target_km": "៥,០០០ ត្រឹមឆ្នាំ២០១៤",
                        "means_of_verification_en": "Training records of the Ministry of Tourism",
                        "means_of_verification_km": "កំណត់ត្រាវគ្គបណ្តុះបណ្តាលរបស់ក្រសួងទេសចរណ៍",
                    },
                    {
                        "code": "1.2",
                        "text_en": (
                            "Investigate child sex offences committed by foreigners, in cooperation "
                            "with APLE and foreign police liaison officers, and bring suspects before "
                            "the courts."
                        ),
                        "text_km": (
                            "ស៊ើបអង្កេតបទល្មើសផ្លូវភេទលើកុមារដែលប្រព្រឹត្តដោយជនបរទេស ដោយសហការជាមួយអង្គការ APLE "
                            "និងមន្ត្រីទំនាក់ទំនងនគរបាលបរទេស និងបញ្ជូនជនសង្ស័យទៅតុលាការ។"
                        ),
                        "lead_ministry": "interior",
                        "partners": ["aple", "justice"],
                        "start_year": 2010,
                        "end_year": 2014,
                        "budget": "90000.00",
                        "currency": "USD",
                        "indicator_en": (
                            "Proportion of reports of child sexual abuse by foreigners investigated within one month"
                        ),
                        "indicator_km": "",
                        "baseline_en": "Not recorded (2009)",
                        "baseline_km": "មិនមានកំណត់ត្រា (ឆ្នាំ២០០៩)",
                        "target_en": "100% by 2011",
                        "target_km": "១០០% ត្រឹមឆ្នាំ២០១១",
                        "means_of_verification_en": (
                            "Case records of the Anti-Human Trafficking and Juvenile Protection Department"
                        ),
                        "means_of_verification_km": "",
                    },
                ],
            },
            {
                "code": "2",
                "text_en": "Reduce the vulnerability of children at risk through schooling and family-based care.",
                "text_km": ("កាត់បន្ថយភាពងាយរងគ្រោះរបស់កុមារដែលប្រឈមនឹងហានិភ័យ តាមរយៈការសិក្សា និងការថែទាំដោយផ្អែកលើគ្រួសារ។"),
                "activities": [
                    {
                        "code": "2.1",
                        "text_en": (
                            "Award scholarships to children of poor families in high-migration "
                            "communes, to keep them in school until the end of lower secondary "
                            "education."
                        ),
                        "text_km": (
                            "ផ្តល់អាហារូបករណ៍ដល់កុមារមកពីគ្រួសារក្រីក្រ នៅតាមឃុំដែលមានចំណាកស្រុកខ្ពស់ "
                            "ដើម្បីឱ្យពួកគេបន្តការសិក្សារហូតដល់ចប់មធ្យមសិក្សាបឋមភូមិ។"
                        ),
                        "lead_ministry": "education",
                        "partners": ["social-affairs", "womens-affairs"],
                        "start_year": 2010,
                        "end_year": 2014,
                        "budget": "400000.00",
                        "currency": "USD",
                        "indicator_en": "Number of children at risk receiving scholarships",
                        "indicator_km": "ចំនួនកុមារងាយរងគ្រោះដែលទទួលបានអាហារូបករណ៍",
                        "baseline_en": "0 (2009)",
                        "baseline_km": "០ (ឆ្នាំ២០០៩)",
                        "target_en": "4,000 by 2014",
                        "target_km": "៤,០០០ ត្រឹមឆ្នាំ២០១៤",
                        "means_of_verification_en": "Scholarship records of provincial offices of education",
                        "means_of_verification_km": "",
                    },
                    {
                        "code": "2.2",
                        "text_en": (
                            "Trace the families of child victims and of children without parental "
                            "care, and place them in family or community-based care rather than in "
                            "institutions."
                        ),
                        "text_km": (
                            "ស្វែងរកគ្រួសាររបស់កុមាររងគ្រោះ និងរបស់កុមារដែលគ្មានការថែទាំពីឪពុកម្តាយ "
                            "និងផ្តល់ឱ្យពួកគេនូវការថែទាំក្នុងគ្រួសារ ឬការថែទាំផ្អែកលើសហគមន៍ ជាជាងនៅក្នុងមណ្ឌល។"
                        ),
                        "lead_ministry": "social-affairs",
                        "partners": ["womens-affairs", "aple"],
                        "start_year": 2011,
                        "end_year": 2014,
                        "budget": "120000.00",
                        "currency": "USD",
                        "indicator_en": "Proportion of child victims placed in family or community-based care",
                        "indicator_km": "",
                        "baseline_en": "About 30% (2009)",
                        "baseline_km": "ប្រហែល ៣០% (ឆ្នាំ២០០៩)",
                        "target_en": "70% by 2014",
                        "target_km": "៧០% ត្រឹមឆ្នាំ២០១៤",
                        "means_of_verification_en": (
                            "Case records of the Ministry of Social Affairs, Veterans and Youth Rehabilitation"
                        ),
                        "means_of_verification_km": "",
                    },
                ],
            },
            {
                "code": "3",
                "text_en": "Protect the identity and dignity of child victims.",
                "text_km": "ការពារអត្តសញ្ញាណ និងសេចក្តីថ្លៃថ្នូររបស់កុមាររងគ្រោះ។",
                "activities": [
                    {
                        "code": "3.1",
                        "text_en": (
                            "Issue guidelines for journalists and broadcasters on reporting on child "
                            "victims without revealing their identity, and train editors in their use."
                        ),
                        "text_km": (
                            "ចេញគោលការណ៍ណែនាំសម្រាប់អ្នកសារព័ត៌មាន និងស្ថានីយវិទ្យុ ទូរទស្សន៍ "
                            "ស្តីពីការរាយការណ៍អំពីកុមាររងគ្រោះដោយមិនបង្ហាញអត្តសញ្ញាណរបស់ពួកគេ "
                            "និងបណ្តុះបណ្តាលនិពន្ធនាយកអំពីការអនុវត្តគោលការណ៍ណែនាំនេះ។"
                        ),
                        "lead_ministry": "information",
                        "partners": ["aple", "womens-affairs"],
                        "start_year": 2010,
                        "end_year": 2011,
                        "budget": "30000.00",
                        "currency": "USD",
                        "indicator_en": "Number of editors and journalists trained in the guidelines",
                        "indicator_km": "",
                        "baseline_en": "0 (2009)",
                        "baseline_km": "០ (ឆ្នាំ២០០៩)",
                        "target_en": "250 by 2011",
                        "target_km": "២៥០ ត្រឹមឆ្នាំ២០១១",
                        "means_of_verification_en": "Training records of the Ministry of Information",
                        "means_of_verification_km": "កំណត់ត្រាវគ្គបណ្តុះបណ្តាលរបស់ក្រសួងព័ត៌មាន",
                    },
                ],
            },
        ],
    },
}


# --- Consistency check ------------------------------------------------------------------------------------

TASK_FORCE_CODES = (
    "prevention",
    "rehabilitation",
    "law-enforcement",
    "justice",
    "international-cooperation",
    "child-affairs",
)
TEXT_KEYS = ("title_en", "title_km", "body_en", "body_km")
MEASURES = ("indicator", "baseline", "target", "means_of_verification")
ACTIVITY_KEYS = {
    "code",
    "text_en",
    "text_km",
    "lead_ministry",
    "partners",
    "start_year",
    "end_year",
    "budget",
    "currency",
    *(f"{name}_{language}" for name in MEASURES for language in ("en", "km")),
}
ZERO_WIDTH = ("\u200b", "\u200c", "\u200d", "\ufeff")


def _is_khmer(text):
    return any("\u1780" <= ch <= "\u17ff" for ch in text)


def _check_text(where, key, text):
    assert isinstance(text, str), f"{where}: {key} is not a string"
    assert text.strip(), f"{where}: {key} is empty"
    assert not any(ch in text for ch in ZERO_WIDTH), f"{where}: {key} contains a zero-width character"
    if key.endswith("_km"):
        assert _is_khmer(text), f"{where}: {key} has no Khmer text"
    elif key.endswith("_en"):
        assert not _is_khmer(text), f"{where}: {key} contains Khmer text"


def _check_html(where, key, html):
    """Bodies are HTML of a few allowed tags, properly nested, starting with a block element."""
    from html.parser import HTMLParser

    allowed = {"p", "h2", "ul", "li", "strong"}
    stack = []

    class Parser(HTMLParser):
        def handle_starttag(self, tag, attrs):
            assert tag in allowed, f"{where}: {key} uses <{tag}>"
            stack.append(tag)

        def handle_endtag(self, tag):
            assert stack and stack[-1] == tag, f"{where}: {key} closes <{tag}> out of order"
            stack.pop()

        def handle_data(self, data):
            assert stack or not data.strip(), f"{where}: {key} has text outside a block element"

    parser = Parser()
    parser.feed(html)
    parser.close()
    assert not stack, f"{where}: {key} leaves <{stack[-1]}> open"
    assert html.startswith(("<p>", "<h2>", "<ul>")), f"{where}: {key} does not start with a block element"


def _check_page(where, page, paragraphs):
    for key in TEXT_KEYS:
        _check_text(where, key, page[key])
    for key in ("body_en", "body_km"):
        _check_html(where, key, page[key])
        count = page[key].count("<p>")
        assert paragraphs[0] <= count <= paragraphs[1], f"{where}: {key} has {count} paragraphs"


def check():
    """Assert the constraints the loader and the plan's pages rely on."""
    from decimal import Decimal, InvalidOperation

    from .data import MINISTRIES, NGOS, TASK_FORCES

    ministries = {row[0] for row in MINISTRIES}
    organisations = ministries | {row[0] for row in NGOS}

    assert set(PLAN) == {"title_en", "title_km", "first_year", "last_year"}
    _check_text("PLAN", "title_en", PLAN["title_en"])
    _check_text("PLAN", "title_km", PLAN["title_km"])
    first, last = PLAN["first_year"], PLAN["last_year"]
    assert (first, last) == (2010, 2014)

    assert set(FRONT_MATTER) == set(TEXT_KEYS)
    _check_page("FRONT_MATTER", FRONT_MATTER, (2, 3))

    assert tuple(SECTIONS) == TASK_FORCE_CODES, f"sections: {list(SECTIONS)}"
    assert tuple(row[0] for row in TASK_FORCES) == TASK_FORCE_CODES, "task force codes differ from seed.data"
    leads = set()
    for tf_code, section in SECTIONS.items():
        assert set(section) == {*TEXT_KEYS, "objectives"}, f"{tf_code}: keys {sorted(section)}"
        _check_page(tf_code, section, (2, 4))
        objectives = section["objectives"]
        assert 2 <= len(objectives) <= 4, f"{tf_code}: {len(objectives)} objectives"
        codes = []
        total = 0
        for n, objective in enumerate(objectives, start=1):
            where = f"{tf_code} {objective.get('code')}"
            assert set(objective) == {"code", "text_en", "text_km", "activities"}, f"{where}: keys"
            assert objective["code"] == str(n), f"{where}: expected objective code {n}"
            _check_text(where, "text_en", objective["text_en"])
            _check_text(where, "text_km", objective["text_km"])
            activities = objective["activities"]
            assert activities, f"{where}: no activities"
            codes.append(objective["code"])
            for m, activity in enumerate(activities, start=1):
                where = f"{tf_code} {activity.get('code')}"
                assert set(activity) == ACTIVITY_KEYS, f"{where}: keys {sorted(activity)}"
                assert activity["code"] == f"{n}.{m}", f"{where}: expected activity code {n}.{m}"
                codes.append(activity["code"])
                _check_text(where, "text_en", activity["text_en"])
                _check_text(where, "text_km", activity["text_km"])
                lead = activity["lead_ministry"]
                assert lead in ministries, f"{where}: unknown lead ministry {lead!r}"
                leads.add(lead)
                partners = activity["partners"]
                assert isinstance(partners, list) and len(partners) <= 3, f"{where}: partners {partners}"
                assert len(set(partners)) == len(partners), f"{where}: repeated partner"
                assert set(partners) <= organisations, f"{where}: unknown partner in {partners}"
                assert lead not in partners, f"{where}: the lead is also a partner"
                start, end = activity["start_year"], activity["end_year"]
                assert isinstance(start, int) and isinstance(end, int), f"{where}: years are not integers"
                assert first <= start <= end <= last, f"{where}: years {start}-{end}"
                try:
                    budget = Decimal(activity["budget"])
                except (InvalidOperation, TypeError) as exc:
                    raise AssertionError(f"{where}: budget {activity['budget']!r}") from exc
                assert isinstance(activity["budget"], str), f"{where}: budget is not a string"
                assert budget >= 0 and budget.as_tuple().exponent == -2, f"{where}: budget {budget}"
                assert activity["currency"] == "USD", f"{where}: currency"
                for name in MEASURES:
                    _check_text(where, f"{name}_en", activity[f"{name}_en"])
                    if activity[f"{name}_km"]:
                        _check_text(where, f"{name}_km", activity[f"{name}_km"])
                if activity["indicator_km"].strip():
                    assert activity["target_km"].strip(), f"{where}: a Khmer indicator without a Khmer target"
            total += len(activities)
        assert 3 <= total <= 6, f"{tf_code}: {total} activities"
        assert len(codes) == len(set(codes)), f"{tf_code}: repeated codes"
    assert {"culture", "posts-telecom"} <= leads, "culture and posts-telecom should each lead an activity"
    assert len(leads) >= 10, f"only {len(leads)} ministries lead an activity"


if __name__ == "__main__":
    check()
    print("ok")
