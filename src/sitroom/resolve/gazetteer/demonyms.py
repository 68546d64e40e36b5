"""English adjectives and demonyms of countries, continents, macro-regions and the nations of the UK.

Geoparsing corpora (LGL, GeoWebNews, TR-News) annotate "Russian" in "Russian troops" as a mention of
Russia; these forms let the gazetteer resolve such mentions when asked to. Keys are ISO 3166-1
alpha-2 codes, continent or curated macro-region names or ISO 3166-2 codes; plurals ("Americans",
"Iraqis") are derived.
"""

from __future__ import annotations

from collections.abc import Iterator

DEMONYMS: dict[str, tuple[str, ...]] = {
    "AF": ("Afghan",), "AL": ("Albanian",), "DZ": ("Algerian",), "AO": ("Angolan",),
    "AR": ("Argentine", "Argentinian"), "AM": ("Armenian",), "AU": ("Australian",), "AT": ("Austrian",),
    "AZ": ("Azerbaijani", "Azeri"), "BH": ("Bahraini",), "BD": ("Bangladeshi",), "BY": ("Belarusian",),
    "BE": ("Belgian",), "BO": ("Bolivian",), "BA": ("Bosnian",), "BR": ("Brazilian",),
    "BG": ("Bulgarian",), "KH": ("Cambodian",), "CM": ("Cameroonian",), "CA": ("Canadian",),
    "CL": ("Chilean",), "CN": ("Chinese",), "CO": ("Colombian",), "CD": ("Congolese",),
    "CR": ("Costa Rican",), "HR": ("Croatian", "Croat"), "CU": ("Cuban",), "CY": ("Cypriot",),
    "CZ": ("Czech",), "DK": ("Danish", "Dane"), "DO": ("Dominican",), "EC": ("Ecuadorian",),
    "EG": ("Egyptian",), "SV": ("Salvadoran", "Salvadorean"), "ER": ("Eritrean",), "EE": ("Estonian",),
    "ET": ("Ethiopian",), "FI": ("Finnish", "Finn"), "FR": ("French",), "GE": ("Georgian",),
    "DE": ("German",), "GH": ("Ghanaian",), "GR": ("Greek",), "GT": ("Guatemalan",), "HT": ("Haitian",),
    "HN": ("Honduran",), "HU": ("Hungarian",), "IS": ("Icelandic", "Icelander"), "IN": ("Indian",),
    "ID": ("Indonesian",), "IR": ("Iranian",), "IQ": ("Iraqi",), "IE": ("Irish",), "IL": ("Israeli",),
    "IT": ("Italian",), "JM": ("Jamaican",), "JP": ("Japanese",), "JO": ("Jordanian",),
    "KZ": ("Kazakh", "Kazakhstani"), "KE": ("Kenyan",), "KW": ("Kuwaiti",), "KG": ("Kyrgyz",),
    "LA": ("Laotian",), "LV": ("Latvian",), "LB": ("Lebanese",), "LR": ("Liberian",), "LY": ("Libyan",),
    "LT": ("Lithuanian",), "MK": ("Macedonian",), "MG": ("Malagasy",), "MW": ("Malawian",),
    "MY": ("Malaysian",), "ML": ("Malian",), "MT": ("Maltese",), "MX": ("Mexican",),
    "MD": ("Moldovan",), "MN": ("Mongolian",), "ME": ("Montenegrin",), "MA": ("Moroccan",),
    "MZ": ("Mozambican",), "MM": ("Burmese",), "NA": ("Namibian",), "NP": ("Nepali", "Nepalese"),
    "NL": ("Dutch",), "NZ": ("New Zealander",), "NI": ("Nicaraguan",), "NE": ("Nigerien",),
    "NG": ("Nigerian",), "KP": ("North Korean",), "NO": ("Norwegian",), "OM": ("Omani",),
    "PK": ("Pakistani",), "PS": ("Palestinian",), "PA": ("Panamanian",), "PY": ("Paraguayan",),
    "PE": ("Peruvian",), "PH": ("Philippine", "Filipino"), "PL": ("Polish", "Pole"),
    "PT": ("Portuguese",), "QA": ("Qatari",), "RO": ("Romanian",), "RU": ("Russian",),
    "RW": ("Rwandan",), "SA": ("Saudi", "Saudi Arabian"), "SN": ("Senegalese",), "RS": ("Serbian", "Serb"),
    "SL": ("Sierra Leonean",), "SG": ("Singaporean",), "SK": ("Slovak",), "SI": ("Slovenian", "Slovene"),
    "SO": ("Somali",), "ZA": ("South African",), "KR": ("South Korean", "Korean"),
    "SS": ("South Sudanese",), "ES": ("Spanish", "Spaniard"), "LK": ("Sri Lankan",),
    "SD": ("Sudanese",), "SE": ("Swedish", "Swede"), "CH": ("Swiss",), "SY": ("Syrian",),
    "TW": ("Taiwanese",), "TJ": ("Tajik",), "TZ": ("Tanzanian",), "TH": ("Thai",),
    "TT": ("Trinidadian",), "TN": ("Tunisian",), "TR": ("Turkish", "Turk"), "TM": ("Turkmen",),
    "UG": ("Ugandan",), "UA": ("Ukrainian",), "AE": ("Emirati",), "GB": ("British", "Briton"),
    "US": ("American",), "UY": ("Uruguayan",), "UZ": ("Uzbek",), "VE": ("Venezuelan",),
    "VN": ("Vietnamese",), "YE": ("Yemeni",), "ZM": ("Zambian",), "ZW": ("Zimbabwean",),
    "Europe": ("European",), "Africa": ("African",), "Asia": ("Asian",),
    "North America": ("North American",), "South America": ("South American",),
    # Macro-regions of the curated features (data/features.yaml).
    "Central America": ("Central American",), "Latin America": ("Latin American",),
    "Middle East": ("Middle Eastern",), "Kurdistan": ("Kurdish", "Kurd"), "Balkans": ("Balkan",),
    "Scandinavia": ("Scandinavian",), "Siberia": ("Siberian",),
    "GB-ENG": ("English",), "GB-SCT": ("Scottish", "Scot"), "GB-WLS": ("Welsh",),
}  # fmt: skip

# Adjectives that are not also nouns for a person take no plural: "the Irish", "the Chinese".
_NO_PLURAL_ENDINGS = ("sh", "ch", "ss", "ese", "y", "z")


def demonym_forms(target: str) -> Iterator[str]:
    """The forms naming ``target`` (an ISO code or continent name), with their plurals."""
    for form in DEMONYMS.get(target, ()):
        yield form
        if not form.endswith(_NO_PLURAL_ENDINGS):
            yield form + "s"


def is_demonym(text: str) -> bool:
    return text in _ALL_FORMS


_ALL_FORMS = frozenset(form for target in DEMONYMS for form in demonym_forms(target))
