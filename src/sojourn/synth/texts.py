"""The words of the synthetic world: names, organisations, events, and what people write.

Plain English throughout (a traveller writes in their own words; the interface language is a
separate preference). Nothing here names a real person; organisation names are made up from
parts, and events are the well-known trade fairs and conferences of each country.
"""

from __future__ import annotations

# fmt: off
CHINESE_FAMILY = (
    "Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun",
    "Ma", "Zhu", "Hu", "Guo", "He", "Lin", "Gao", "Luo", "Zheng", "Liang", "Xie", "Song", "Tang",
    "Han", "Feng", "Deng", "Cao", "Peng", "Zeng", "Xiao", "Tian", "Dong", "Pan", "Yuan", "Jiang",
)
CHINESE_GIVEN = (
    "Wei", "Fang", "Min", "Jing", "Lei", "Yan", "Hui", "Tao", "Ying", "Jun", "Hang", "Qiang",
    "Xiaoming", "Yifan", "Zihan", "Haoran", "Yuxuan", "Zixuan", "Mingyu", "Jiayi", "Xinyi",
    "Yutong", "Ruoxi", "Siyu", "Kai", "Bo", "Chao", "Dan", "Gang", "Hong", "Jie", "Li", "Na",
    "Ning", "Peng", "Rui", "Shan", "Ting", "Xin", "Yang", "Yue", "Zhen",
)
WESTERN_FAMILY = (
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez",
    "Martinez", "Wilson", "Anderson", "Taylor", "Thomas", "Moore", "Jackson", "Martin", "Lee",
    "Thompson", "White", "Harris", "Clark", "Lewis", "Robinson", "Walker", "Young", "Allen",
    "King", "Wright", "Scott", "Green", "Baker", "Adams", "Nelson", "Hill", "Campbell", "Patel",
    "Nguyen", "Kim", "Cohen", "Murphy", "Evans", "Collins", "Stewart", "Morris", "Reed",
)
WESTERN_GIVEN = (
    "James", "Mary", "John", "Patricia", "Robert", "Jennifer", "Michael", "Linda", "David",
    "Elizabeth", "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas",
    "Sarah", "Daniel", "Karen", "Matthew", "Nancy", "Anthony", "Lisa", "Mark", "Emily", "Paul",
    "Laura", "Andrew", "Rachel", "Joshua", "Hannah", "Kevin", "Anna", "Brian", "Olivia",
    "Priya", "Wei", "Omar", "Sofia", "Lucas", "Amara", "Noah", "Elena", "Ravi", "Mei",
)
COUNTERPART_NAMES = (
    "Dr. Anna Weber", "Prof. Kenji Sato", "Dr. Min-jun Park", "Sophie Martin", "James Whitfield",
    "Dr. Priya Raman", "Luca Rossi", "Dr. Emily Carter", "Hiroshi Tanaka", "Claire Dubois",
    "Dr. Lars Nilsson", "Ji-woo Choi", "Dr. Rahul Mehta", "Maria Gonzalez", "Prof. Tom Becker",
    "Aisha Al Mansoori", "Dr. Nguyen Van An", "Siti Rahman", "Prof. Yuki Nakamura",
    "David Goldberg", "Dr. Olivia Brown", "Pieter de Vries", "Isabel Costa", "Dr. Jonas Berg",
    "Mark Thompson", "Dr. Hana Kobayashi", "Sara Lindqvist", "Prof. Alan Hughes",
    "Fatima Khan", "Dr. Carlos Mendes", "Ahmed Hassan", "Prof. Ingrid Larsen",
)
COUNTERPART_ORGS = (
    "{city} University", "{city} Institute of Technology", "National Research Council",
    "Ministry of Economy", "Chamber of Commerce", "{city} Robotics Centre", "Frontier Capital",
    "Global Semiconductor Alliance", "Northwind Systems", "Atlas Venture Partners",
    "Pacific Data Labs", "Helix Therapeutics", "Summit Industrial", "Open Compute Foundation",
    "{city} Science Park", "Standards Committee", "Meridian Automation", "Silverline Bank",
    "Keystone Aerospace", "Brightwave AI", "Harbour Logistics", "Crown Venture Fund",
)
TOPICS = (
    "Joint research on large language models", "Supply of industrial robot arms",
    "Licensing of a vision model", "Chip packaging partnership", "Academic exchange programme",
    "Investment round", "Standards for autonomous systems", "Distribution agreement",
    "Data-centre cooling", "Recruiting visiting researchers", "Benchmark results",
    "Open-source collaboration", "Export licensing questions", "Pilot deployment in a factory",
    "Co-authoring a paper", "Customer requirements review", "Conference panel preparation",
    "Safety evaluation methods", "Sensor procurement", "Grant application",
)
# Trade fairs and conferences held in each country (any year): (event, city, host).
EVENTS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "US": (("NeurIPS", "San Francisco", "NeurIPS Foundation"),
           ("CES", "Las Vegas", "Consumer Technology Association"),
           ("GTC", "San Jose", "NVIDIA"), ("ICML", "Seattle", "IMLS"),
           ("SEMICON West", "San Francisco", "SEMI"), ("RSA Conference", "San Francisco", "RSAC"),
           ("Automate", "Chicago", "A3"), ("AAAI Conference", "Washington", "AAAI")),
    "JP": (("SEMICON Japan", "Tokyo", "SEMI"),
           ("International Robot Exhibition", "Tokyo", "Japan Robot Association"),
           ("CEATEC", "Tokyo", "JEITA")),
    "DE": (("Hannover Messe", "Hannover", "Deutsche Messe"),
           ("automatica", "Munich", "Messe Muenchen"),
           ("ISC High Performance", "Hamburg", "Prometeus")),
    "GB": (("London Tech Week", "London", "Informa"),
           ("AI Summit London", "London", "Informa"),
           ("Cambridge AI Workshop", "Cambridge", "University of Cambridge")),
    "FR": (("VivaTech", "Paris", "Publicis and Les Echos"),
           ("AI Action Summit", "Paris", "Elysee"), ("Paris Air Show", "Paris", "SIAE")),
    "SG": (("Singapore FinTech Festival", "Singapore", "Monetary Authority of Singapore"),
           ("ATxSummit", "Singapore", "IMDA"), ("ICLR", "Singapore", "ICLR")),
    "KR": (("SEMICON Korea", "Seoul", "SEMI"), ("Robot World", "Seoul", "KAR")),
    "AE": (("GITEX Global", "Dubai", "Dubai World Trade Centre"),
           ("World Government Summit", "Dubai", "WGS Organization")),
    "ES": (("Mobile World Congress", "Barcelona", "GSMA"),),
    "CN": (("World Artificial Intelligence Conference", "Shanghai", "WAIC"),
           ("Zhongguancun Forum", "Beijing", "ZGC Forum")),
    "HK": (("Hong Kong Electronics Fair", "Hong Kong", "HKTDC"),),
    "CA": (("Collision", "Toronto", "Web Summit"), ("ICRA", "Montreal", "IEEE RAS")),
    "NL": (("World Summit AI", "Amsterdam", "InspiredMinds"),),
    "IN": (("Bengaluru Tech Summit", "Bengaluru", "Government of Karnataka"),),
    "AU": (("Australian AI Festival", "Sydney", "AI Festival Pty"),),
    "IT": (("Milan Design Week", "Milan", "Salone del Mobile"),),
    "CH": (("World Economic Forum", "Davos", "World Economic Forum"),),
    "SA": (("LEAP", "Riyadh", "Ministry of Communications"),),
}
GENERIC_EVENTS = (
    "International Conference on Robotics", "Symposium on Machine Learning",
    "Workshop on Trustworthy AI", "Semiconductor Industry Forum", "Annual Investor Summit",
    "Quantum Technologies Meeting", "Computer Vision Conference", "Biotech Partnering Days",
)
NECESSITY = (
    "Keynote at the annual meeting; the organisers need us in person.",
    "Contract negotiation that the customer insists on holding face to face.",
    "Installation and acceptance test of our equipment on site.",
    "Invited talk; the programme committee does not accept recorded talks.",
    "Final due diligence meeting before the investment closes.",
    "Joint experiment that needs our hardware and staff in the lab.",
)
ALTERNATIVES = (
    "A video call was offered and declined by the organisers.",
    "A colleague based abroad cannot take the meeting for us.",
    "A recorded talk is not accepted; remote attendance gives no speaking slot.",
    "Postponing would miss the only window the customer offered.",
)
REVIEW_CONDITIONS = (
    "Take a loaner laptop and phone.",
    "No unreleased model weights or source code on any device.",
    "Check in daily, also on travel days.",
    "Meet counterparts only at the listed venues.",
)
CHANGES_REQUESTED = (
    "Please explain why attending remotely is not possible.",
    "Add the meetings you plan and whom you will meet.",
    "Give the necessity justification the policy asks for.",
    "The dates do not match the event; please correct them.",
)
DENIED = (
    "Not necessary at this time: join remotely.",
    "The same meeting can be held by our overseas office.",
    "Too close to the product launch; please travel later.",
)
WITHDRAWN = ("Event postponed.", "Meeting moved online.", "Personal reasons.", "")
CANCELLED = (
    "Instruction from oversight: travel to this destination is paused.",
    "Security concerns at the destination over these dates.",
    "The invitation could not be verified.",
)
FOLLOW_UPS = (
    "Spoke with the traveller: a family emergency, itinerary confirmed.",
    "Urgent customer visit; the traveller was reminded to report ahead next time.",
    "Confirmed with the manager that the trip was necessary.",
)
INVITATION_DECLINED = (
    "Dates clash with a product release.", "Not relevant to our current work.",
    "We will send a colleague from our overseas office.", "Budget does not allow it this year.",
)
SUMMARIES = (
    "Attended the sessions and met the people listed; no issues.",
    "Presented our work and discussed follow-up collaboration.",
    "Visited the customer's site and completed the acceptance tests.",
    "Took part in the workshop and two side meetings.",
    "Met the partners as planned; the agreement will be signed remotely.",
    "Family visit; no professional meetings.",
)
MATERIALS = (
    "", "", "", "Business cards only.", "Conference proceedings (public).",
    "Our public product brochure.", "Slides of the public talk.",
)
REVIEW_COMMENTS = ("", "", "", "Thank you.", "Noted the incident; no further action.")
INFO_REQUESTED = (
    "Please list the people you met at the reception.",
    "Describe the border inspection in more detail.",
    "Which topics came up in the second meeting?",
)
INCIDENT_TEXT: dict[str, tuple[str, ...]] = {
    "device_inspection": (
        "My laptop was taken for inspection at the border for about an hour.",
        "Border officers asked me to unlock my phone and looked through it.",
    ),
    "questioning": (
        "Asked at immigration about my employer and research for twenty minutes.",
        "Questioned about the purpose of the visit and my contacts.",
    ),
    "approach": (
        "A stranger at the reception asked detailed questions about our chips.",
        "Someone offered a paid consulting arrangement after the talk.",
    ),
    "gift": ("Received a tablet as a speaker's gift; handed it in on return.",),
    "detention": ("Held at the airport for several hours before being allowed in.",),
    "harassment": ("Followed from the hotel to the venue on two days.",),
    "other": ("Hotel room appeared to have been entered while I was out.",),
}
DEBRIEF_DRAFT = "Draft: notes from the trip."
# fmt: on
