"""Where synthetic people travel: destinations weighted like business travel, their cities,
the hubs a layover passes through, and the homes organisations are based in.

The weights are shares of business trips, not statistics of any one source: the large hubs of
business travel (the United States, Japan, Singapore, Germany, the United Kingdom, France,
Korea, the Emirates) come first, then a long tail that still turns up now and then.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Country:
    code: str
    weight: float
    region: str
    cities: tuple[str, ...]
    city_weights: tuple[float, ...]


def _country(code: str, weight: float, region: str, cities: str) -> Country:
    """`cities` is "Name*weight|Name*weight|…" (a missing weight is 1)."""
    names: list[str] = []
    weights: list[float] = []
    for part in cities.split("|"):
        name, _star, share = part.partition("*")
        names.append(name)
        weights.append(float(share or 1))
    return Country(code, weight, region, tuple(names), tuple(weights))


# fmt: off
COUNTRIES: tuple[Country, ...] = (
    _country("US", 14.0, "americas", "San Francisco*4|New York*3|San Jose*2|Washington*2|Boston*2|Seattle*1.5|Los Angeles*1.5|Las Vegas*1|Austin*1|Chicago*1"),  # noqa: E501
    _country("JP", 9.0, "east_asia", "Tokyo*6|Osaka*2|Yokohama*1|Kyoto*1|Nagoya*1"),
    _country("SG", 6.5, "south_east_asia", "Singapore"),
    _country("DE", 6.5, "europe", "Munich*3|Berlin*3|Frankfurt*2|Hannover*1|Stuttgart*1|Hamburg*1"),
    _country("GB", 6.5, "europe", "London*6|Cambridge*1.5|Oxford*1|Manchester*1|Edinburgh*1"),
    _country("FR", 5.0, "europe", "Paris*6|Lyon*1|Toulouse*1|Grenoble*1|Nice*0.5"),
    _country("KR", 5.0, "east_asia", "Seoul*6|Busan*1|Daejeon*1|Incheon*0.5"),
    _country("AE", 4.0, "middle_east", "Dubai*4|Abu Dhabi*2"),
    _country("CN", 4.5, "east_asia", "Beijing*3|Shanghai*3|Shenzhen*2|Hangzhou*1|Guangzhou*1"),
    _country("HK", 4.0, "east_asia", "Hong Kong"),
    _country("TH", 2.5, "south_east_asia", "Bangkok*4|Chiang Mai*1|Phuket*0.5"),
    _country("IN", 2.5, "south_asia", "Bengaluru*3|New Delhi*2|Mumbai*2|Hyderabad*1|Chennai*1"),
    _country("AU", 2.5, "oceania", "Sydney*3|Melbourne*2|Brisbane*1|Canberra*0.5"),
    _country("CA", 2.5, "americas", "Toronto*3|Vancouver*2|Montreal*2|Ottawa*1"),
    _country("NL", 2.5, "europe", "Amsterdam*3|Eindhoven*1.5|Rotterdam*1|Delft*0.5"),
    _country("MY", 2.0, "south_east_asia", "Kuala Lumpur*3|Penang*1.5"),
    _country("VN", 2.0, "south_east_asia", "Ho Chi Minh City*2|Hanoi*2|Da Nang*0.5"),
    _country("CH", 2.0, "europe", "Zurich*3|Geneva*2|Basel*1|Lausanne*1"),
    _country("IT", 2.0, "europe", "Milan*3|Rome*2|Turin*1|Bologna*0.5"),
    _country("ES", 2.0, "europe", "Barcelona*3|Madrid*3|Valencia*0.5"),
    _country("TW", 1.5, "east_asia", "Taipei*3|Hsinchu*2|Taichung*0.5"),
    _country("ID", 1.5, "south_east_asia", "Jakarta*3|Bali*1|Surabaya*0.5"),
    _country("SA", 1.5, "middle_east", "Riyadh*3|Jeddah*1"),
    _country("TR", 1.2, "europe", "Istanbul*3|Ankara*1"),
    _country("MX", 1.2, "americas", "Mexico City*3|Monterrey*1|Guadalajara*1"),
    _country("BR", 1.2, "americas", "Sao Paulo*3|Rio de Janeiro*1.5|Brasilia*0.5"),
    _country("QA", 1.0, "middle_east", "Doha"),
    _country("IL", 1.0, "middle_east", "Tel Aviv*3|Haifa*1|Jerusalem*1"),
    _country("IE", 1.0, "europe", "Dublin*3|Cork*0.5"),
    _country("SE", 1.0, "europe", "Stockholm*3|Gothenburg*1|Lund*0.5"),
    _country("BE", 1.0, "europe", "Brussels*3|Leuven*1|Antwerp*0.5"),
    _country("PH", 0.8, "south_east_asia", "Manila*3|Cebu*0.5"),
    _country("AT", 0.7, "europe", "Vienna*3|Graz*0.5"),
    _country("PL", 0.7, "europe", "Warsaw*3|Krakow*1"),
    _country("NZ", 0.6, "oceania", "Auckland*2|Wellington*1"),
    _country("ZA", 0.6, "africa", "Johannesburg*2|Cape Town*2"),
    _country("DK", 0.5, "europe", "Copenhagen*3|Aarhus*0.5"),
    _country("FI", 0.5, "europe", "Helsinki*3|Espoo*1|Oulu*0.5"),
    _country("PT", 0.5, "europe", "Lisbon*3|Porto*1"),
    _country("KZ", 0.5, "central_asia", "Almaty*2|Astana*1"),
    _country("EG", 0.5, "middle_east", "Cairo"),
    _country("NO", 0.4, "europe", "Oslo*3|Trondheim*0.5"),
    _country("CZ", 0.4, "europe", "Prague*3|Brno*0.5"),
    _country("GR", 0.4, "europe", "Athens"),
    _country("HU", 0.4, "europe", "Budapest"),
    _country("RU", 0.4, "europe", "Moscow*3|Saint Petersburg*1"),
    _country("KE", 0.4, "africa", "Nairobi"),
    _country("MO", 0.4, "east_asia", "Macao"),
    _country("AR", 0.3, "americas", "Buenos Aires"),
    _country("CL", 0.3, "americas", "Santiago"),
    _country("NG", 0.3, "africa", "Lagos*2|Abuja*1"),
    _country("MA", 0.3, "africa", "Casablanca*2|Rabat*1"),
    _country("PK", 0.3, "south_asia", "Islamabad*1|Karachi*1|Lahore*1"),
    _country("UZ", 0.3, "central_asia", "Tashkent"),
    _country("MN", 0.3, "east_asia", "Ulaanbaatar"),
    _country("KH", 0.3, "south_east_asia", "Phnom Penh*2|Siem Reap*0.5"),
    _country("LU", 0.3, "europe", "Luxembourg"),
    _country("RO", 0.2, "europe", "Bucharest*2|Cluj-Napoca*1"),
    _country("RS", 0.2, "europe", "Belgrade"),
    _country("CO", 0.2, "americas", "Bogota*2|Medellin*1"),
    _country("BD", 0.2, "south_asia", "Dhaka"),
    _country("LK", 0.2, "south_asia", "Colombo"),
    _country("ET", 0.2, "africa", "Addis Ababa"),
    _country("JO", 0.15, "middle_east", "Amman"),
    _country("OM", 0.15, "middle_east", "Muscat"),
    _country("KW", 0.15, "middle_east", "Kuwait City"),
    _country("PE", 0.15, "americas", "Lima"),
    _country("LA", 0.15, "south_east_asia", "Vientiane"),
    _country("BH", 0.1, "middle_east", "Manama"),
    _country("NP", 0.1, "south_asia", "Kathmandu"),
    _country("RW", 0.1, "africa", "Kigali"),
    _country("GH", 0.1, "africa", "Accra"),
    _country("TZ", 0.1, "africa", "Dar es Salaam"),
    _country("IR", 0.08, "middle_east", "Tehran"),
    _country("MM", 0.05, "south_east_asia", "Yangon"),
    _country("BY", 0.05, "europe", "Minsk"),
    _country("VE", 0.03, "americas", "Caracas"),
    _country("CU", 0.02, "americas", "Havana"),
)

# Where a layover happens: the airline hubs between continents.
HUBS: tuple[tuple[str, str, float], ...] = (
    ("AE", "Dubai", 5.0), ("QA", "Doha", 3.0), ("SG", "Singapore", 3.0),
    ("HK", "Hong Kong", 3.0), ("TR", "Istanbul", 2.0), ("DE", "Frankfurt", 2.0),
    ("NL", "Amsterdam", 1.5), ("KR", "Seoul", 1.5), ("GB", "London", 1.5),
    ("FI", "Helsinki", 1.0), ("JP", "Tokyo", 1.0), ("FR", "Paris", 1.0),
    ("CN", "Beijing", 1.0), ("US", "San Francisco", 0.5),
)
# fmt: on

BY_CODE: dict[str, Country] = {country.code: country for country in COUNTRIES}

TIME_ZONES: dict[str, str] = {
    "CN": "Asia/Shanghai",
    "US": "America/New_York",
    "GB": "Europe/London",
    "CA": "America/Toronto",
    "AU": "Australia/Sydney",
}
