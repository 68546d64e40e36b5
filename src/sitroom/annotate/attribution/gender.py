"""The grammatical gender a person's name implies, so that "she said" never goes to a man.

Read from the honorific ("Mr.", "Mrs.", "Ms."), a first name on our own short lists of common given
names in English-language and Eastern European news, or a Russian or Ukrainian surname ending that
marks it ("Zakharova", "Peskov"). Unknown stays ``None``: the pronoun is then matched as before.
"""

from __future__ import annotations

from typing import Literal

Gender = Literal["male", "female"]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_MALE_TITLES = frozenset({"mr", "sir", "lord", "king", "prince"})
_FEMALE_TITLES = frozenset({"mrs", "ms", "miss", "madam", "dame", "lady", "queen", "princess"})

# Common given names, written for sitroom (not taken from a data set).
_MALE_NAMES = _words(
    """adam alan alexander alexei alexey aleksandr andrew andriy andrei andrey anthony antony arseniy
    barack ben benjamin bernie bill bob boris brian charles chris christopher chuck dan daniel david
    denys dmitry dmytro donald doug douglas ed edward emmanuel eric frank gary george gregory hank
    harry henry ihor igor ivan jack jake james jason jeff jeffrey jim joe john jonathan joseph josh
    kevin kyrylo larry lee lloyd marco mark martin matt matthew michael mike mikhail mitch mitt
    mykhailo mykola nathan neil nicholas nick oleg oleh oleksandr oleksii oleksiy olaf pat patrick
    paul pavel pavlo pete peter petro ramzan rex richard rick robert ron ronald rudy ryan sam samuel
    scott sean serhiy sergei sergey sergiy stephen steve steven ted thomas tim timothy tom tony
    valery vadym vasyl victor viktor vitali vitaliy vladimir volodymyr vyacheslav walter william
    yevgeny yevgeniy yuri yuriy"""
)
_FEMALE_NAMES = _words(
    """alice alla amy angela ann anna anne annalena barbara betsy carly catherine charlotte chelsea
    christine claire condoleezza dana diana elena elizabeth ellen elvira emily emma erin hanna
    hannah hillary ilhan iryna ivanka jane janet jennifer jill joan julia karine kamala kate
    katherine kathleen kateryna kellyanne kira kristi laura linda liz liudmyla loretta lyudmila
    maria marie marine mary melania michelle nancy natalia natalya nataliya nikki oksana olena olga
    olha rachel samantha sarah sonia sophie susan svetlana tatiana tetiana theresa tulsi ursula
    valentina victoria viktoriia yulia yuliia zoya"""
)
_FEMALE_ENDINGS = ("ova", "eva", "yova", "ovna", "evna", "ska", "skaya", "tska")
_MALE_ENDINGS = ("ov", "ev", "ovich", "evich", "sky", "skiy", "skyi")


def gender_of(name: str) -> Gender | None:
    """The gender ``name`` ("Ms. Zakharova", "Hillary Clinton", "Dmitry Peskov") implies, if any."""
    words = [word.strip(",.").lower() for word in name.split() if word.strip(",.")]
    if not words:
        return None
    if words[0] in _MALE_TITLES:
        return "male"
    if words[0] in _FEMALE_TITLES:
        return "female"
    for word in words[:-1] or words:  # given names come before the surname
        if word in _MALE_NAMES:
            return "male"
        if word in _FEMALE_NAMES:
            return "female"
    last = words[-1]
    if len(words) > 1 or len(last) > 5:
        if last.endswith(_FEMALE_ENDINGS):
            return "female"
        if last.endswith(_MALE_ENDINGS):
            return "male"
    return None
