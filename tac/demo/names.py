"""Invented but plausible names and places for the demo borough of Castlebridge.

Phone numbers come from Ofcom's ranges kept for drama (01632 960xxx, 07700 900xxx), so
no demo number can ring a real person.
"""

from __future__ import annotations

from tac.models import AgencyKind

BOROUGH = "Castlebridge"
COUNCIL_DOMAIN = "castlebridge.gov.uk"
POLICE_FORCE = "Midshire Police"

# Towns and villages of the borough, each with its postcode district.
TOWNS: list[tuple[str, str]] = [
    ("Castlebridge", "NN1"), ("Castlebridge", "NN2"), ("Castlebridge", "NN3"),
    ("Oldbury Green", "NN4"), ("Marston Vale", "NN5"), ("Hatherley", "NN6"),
    ("Kingsworth", "NN7"), ("Brookfield", "NN8"), ("Ellingham", "NN9"),
    ("Wexcombe", "NN10"), ("Thornby Heath", "NN11"), ("Ashwell End", "NN12"),
]

# Letters the Royal Mail uses in the inward part of a postcode (never C, I, K, M, O, V).
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"

STREET_NAMES = [
    "Mill", "Church", "Station", "Victoria", "Queen's", "Albert", "Park", "Orchard",
    "Meadow", "Willow", "Chestnut", "Hawthorn", "Beech", "Elm", "Alder", "Rowan",
    "Kingfisher", "Wren", "Falcon", "Heron", "Brook", "Bridge", "Castle", "Abbey",
    "Priory", "Granary", "Foundry", "Tanners", "Weavers", "Cooper", "Shepherd", "Mason",
    "Nelson", "Wellington", "Tennyson", "Dickens", "Brunel", "Stephenson", "Nightingale",
    "Fairfield", "Greenacre", "Highfield", "Longmead", "Southview", "Northcote", "Eastfield",
    "Westbury", "Ridgeway", "Larkspur", "Foxglove", "Bluebell", "Primrose", "Clover",
]
STREET_KINDS = [
    "Road", "Street", "Lane", "Close", "Avenue", "Drive", "Way", "Crescent", "Gardens",
    "Court", "Walk", "Place", "Grove", "Terrace", "Rise",
]
FLAT_BLOCKS = ["Heron House", "Brunel Court", "Tanners Yard", "Victoria Mews", "Orchard House"]

GIRLS = [
    "Amelia", "Olivia", "Isla", "Ava", "Mia", "Ivy", "Lily", "Freya", "Florence", "Poppy",
    "Grace", "Sophia", "Evie", "Ella", "Willow", "Rosie", "Isabella", "Daisy", "Sienna",
    "Ruby", "Harper", "Maisie", "Aisha", "Zara", "Hannah", "Maya", "Amira", "Layla",
    "Millie", "Esme", "Chloe", "Leah", "Niamh", "Lacey", "Skye", "Phoebe", "Maryam",
    "Zofia", "Alesha", "Kaci", "Ellie", "Summer", "Paige", "Tilly", "Nevaeh", "Imogen",
]
BOYS = [
    "Noah", "Oliver", "George", "Leo", "Arthur", "Muhammad", "Harry", "Oscar", "Archie",
    "Jack", "Freddie", "Theo", "Charlie", "Alfie", "Jacob", "Thomas", "Riley", "Finley",
    "Mason", "Logan", "Tyler", "Kai", "Reggie", "Jayden", "Callum", "Ethan", "Joshua",
    "Ibrahim", "Yusuf", "Ayaan", "Kacper", "Tommy", "Bobby", "Louie", "Dylan", "Lewis",
    "Harley", "Ollie", "Zain", "Brandon", "Connor", "Kyron", "Alfie-Ray", "Jenson",
]
WOMEN = [
    "Sarah", "Emma", "Laura", "Gemma", "Kayleigh", "Stacey", "Natalie", "Rebecca",
    "Charlotte", "Jade", "Amy", "Hayley", "Danielle", "Kirsty", "Leanne", "Samantha",
    "Chantelle", "Nicola", "Claire", "Rachel", "Aimee", "Shannon", "Toni", "Fatima",
    "Nadia", "Shabana", "Agnieszka", "Joanna", "Ioana", "Precious", "Abena", "Kerry",
    "Lisa", "Michelle", "Jodie", "Becky", "Sophie", "Lauren", "Zoe", "Helen",
]
MEN = [
    "Daniel", "James", "Ryan", "Lee", "Craig", "Dean", "Jamie", "Mark", "Chris", "Adam",
    "Liam", "Kyle", "Scott", "Matthew", "Ashley", "Wayne", "Carl", "Ben", "Gary", "Darren",
    "Imran", "Tariq", "Bilal", "Piotr", "Marek", "Andrei", "Kwame", "Tunde", "Stuart",
    "Paul", "Sean", "Jordan", "Robert", "Nathan", "Aaron",
]
GRANDMOTHERS = ["Margaret", "Linda", "Susan", "Patricia", "Carol", "Brenda", "Pauline", "Denise"]
GRANDFATHERS = ["Keith", "Terry", "Brian", "Alan", "Roy", "Derek", "Graham", "Malcolm"]
SURNAMES = [
    "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies",
    "Robinson", "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green",
    "Hall", "Wood", "Jackson", "Clarke", "Patel", "Khan", "Ahmed", "Hussain", "Begum",
    "Lewis", "Harris", "Martin", "Cooper", "Hughes", "Edwards", "Turner", "Hill", "Moore",
    "Parker", "Collins", "Bennett", "Shaw", "Cook", "Richardson", "Marshall", "Bailey",
    "Kowalski", "Nowak", "Popescu", "Okafor", "Mensah", "Ali", "Chapman", "Barker",
    "Holmes", "Mills", "Fletcher", "Pearson", "Lowe", "Gibson", "Kerr", "Doyle", "O'Brien",
    "McCarthy", "Hale", "Bird", "Sutton", "Dixon", "Fox", "Rahman", "Mahmood", "Osei",
]

# Families whose first language is not English: (language, share, women, men, girls, boys,
# surnames), so that a Polish-speaking family has Polish names.
LANGUAGES: list[tuple[str, int, list[str], list[str], list[str], list[str], list[str]]] = [
    ("Polish", 3, ["Agnieszka", "Joanna", "Katarzyna", "Magdalena"], ["Piotr", "Marek", "Tomasz"],
     ["Zofia", "Zuzanna", "Maja", "Lena"], ["Kacper", "Jakub", "Szymon", "Filip"],
     ["Kowalski", "Nowak", "Wiśniewski", "Zielinski"]),
    ("Romanian", 2, ["Ioana", "Elena", "Andreea"], ["Andrei", "Mihai", "Ionut"],
     ["Maria", "Sofia", "Bianca"], ["David", "Luca", "Matei"],
     ["Popescu", "Ionescu", "Dumitru", "Stan"]),
    ("Urdu", 2, ["Shabana", "Nadia", "Fatima", "Saima"], ["Imran", "Tariq", "Bilal"],
     ["Aisha", "Maryam", "Zara", "Hafsa"], ["Muhammad", "Ibrahim", "Ayaan", "Zain"],
     ["Khan", "Hussain", "Mahmood", "Iqbal"]),
    ("Bengali", 1, ["Rokeya", "Shirin", "Nasreen"], ["Abdul", "Rahim", "Jamal"],
     ["Amira", "Safa", "Tasnim"], ["Yusuf", "Rayan", "Arman"],
     ["Begum", "Rahman", "Miah", "Uddin"]),
    ("Arabic", 1, ["Amal", "Rania", "Huda"], ["Omar", "Khaled", "Samir"],
     ["Layla", "Noor", "Lina"], ["Adam", "Karim", "Hamza"], ["Hassan", "Saleh", "Mansour"]),
    ("Somali", 1, ["Hodan", "Ayan", "Faduma"], ["Abdi", "Mohamed", "Ahmed"],
     ["Hibo", "Sagal", "Nasra"], ["Mahad", "Liban", "Guled"], ["Ali", "Farah", "Warsame"]),
    ("Portuguese", 1, ["Ana", "Beatriz", "Joana"], ["João", "Tiago", "Rui"],
     ["Leonor", "Matilde", "Inês"], ["Tomás", "Duarte", "Rodrigo"],
     ["Silva", "Santos", "Ferreira"]),
    ("Lithuanian", 1, ["Rasa", "Ieva", "Jurgita"], ["Tomas", "Mantas", "Darius"],
     ["Emilija", "Gabija", "Ugnė"], ["Lukas", "Matas", "Jokūbas"],
     ["Kazlauskas", "Petrauskas", "Jankauskas"]),
]

SAINTS = ["Mary", "Peter", "Andrew", "Luke", "Anne", "Joseph", "Barnabas", "Edmund", "Chad"]
SCHOOL_PLACES = [
    "Oldbury Green", "Marston Vale", "Hatherley", "Kingsworth", "Brookfield", "Ellingham",
    "Wexcombe", "Thornby Heath", "Ashwell End", "Castle Hill", "Riverside", "Millbrook",
    "Fairfield", "Highfield", "Greenacre", "Northcote", "Southview", "Meadowbank",
    "Westfield", "Eastbrook", "Abbey Fields", "Priory Park", "Larkrise", "Hawthorn Vale",
]
NURSERIES = [
    "Little Acorns Day Nursery", "Rainbow Corner Nursery", "Busy Bees Pre-school",
    "Sunflower Childcare", "Ladybird Nursery", "Teddy Bears Playgroup",
]
GP_PRACTICES = [
    "Castle Hill Medical Centre", "Brookfield Health Centre", "Marston Vale Surgery",
    "The Riverside Practice", "Kingsworth Family Practice", "Oldbury Green Medical Practice",
    "Station Road Surgery", "Ellingham Health Centre",
]

# The borough's partners other than schools, nurseries and GPs: (name, kind, roles).
AGENCIES: list[tuple[str, AgencyKind, list[str]]] = [
    ("Castlebridge Early Help: North", AgencyKind.EARLY_HELP,
     ["Early intervention manager", "Early help co-ordinator", "Family support worker",
      "Early help practitioner"]),
    ("Castlebridge Early Help: South", AgencyKind.EARLY_HELP,
     ["Early help co-ordinator", "Family support worker", "Early help practitioner"]),
    ("Castlebridge 0-19 Health Visiting", AgencyKind.HEALTH_VISITING,
     ["Health visitor", "Community nursery nurse"]),
    ("Castlebridge School Nursing", AgencyKind.SCHOOL_NURSING, ["School nurse"]),
    ("Castlebridge General Hospital", AgencyKind.HOSPITAL,
     ["Paediatric liaison nurse", "Safeguarding midwife"]),
    (f"{POLICE_FORCE} Safeguarding Hub", AgencyKind.POLICE,
     ["Police constable, safeguarding hub", "Police community support officer"]),
    ("Castlebridge Children's Social Care", AgencyKind.CHILDRENS_SOCIAL_CARE,
     ["Social worker", "Team manager, assessment"]),
    ("Castlebridge Housing Options", AgencyKind.HOUSING, ["Housing options officer"]),
    ("Brookvale Homes", AgencyKind.HOUSING, ["Tenancy sustainment officer"]),
    ("Pathways Recovery Service", AgencyKind.SUBSTANCE_MISUSE, ["Recovery worker"]),
    ("Midshire CAMHS", AgencyKind.CAMHS, ["CAMHS practitioner", "Primary mental health worker"]),
    ("Castlebridge Community Mental Health Team", AgencyKind.ADULT_MENTAL_HEALTH,
     ["Community psychiatric nurse"]),
    ("Midshire Probation Service", AgencyKind.PROBATION, ["Probation officer"]),
    ("Safe Haven Domestic Abuse Service", AgencyKind.VOLUNTARY,
     ["Domestic abuse outreach worker"]),
    ("Castlebridge Young Carers", AgencyKind.VOLUNTARY, ["Young carers worker"]),
    ("Family Friends Castlebridge", AgencyKind.VOLUNTARY, ["Volunteer co-ordinator"]),
    ("Castlebridge Youth Service", AgencyKind.OTHER, ["Youth worker"]),
]
SCHOOL_ROLES = [
    "Designated safeguarding lead", "Family support worker", "Special educational needs "
    "co-ordinator (SENCo)", "Head of year", "Attendance officer", "Pastoral lead",
]
NURSERY_ROLES = ["Nursery manager", "Key person"]
GP_ROLES = ["GP", "Practice nurse"]

MINUTE_TAKERS = ["Janet Price", "Tom Ashworth", "Priya Shah", "Lorraine Booth"]

WITHDRAWN_BY_PHONE = (
    "{parent} phoned the lead professional: she no longer wants information about the family "
    "shared between agencies."
)
WITHDRAWN_FROM_ONE = (
    "{parent} asked that nothing more is shared with this agency; she is happy for the others "
    "to keep working together."
)

SCREENING_SCOPE = (
    "To share information between the agencies named, for the early help assessment, "
    "the team around the child and the family's plan."
)

STEP_DOWN_SUMMARY = (
    "{child} was on a child in need plan for six months. At the last review {parent} had kept "
    "every appointment and things at home are much better. Still a worry: {label}. {parent} "
    "agreed to early help to keep things going."
)
"""Children's social care's summary on a demo family stepping down to early help."""
