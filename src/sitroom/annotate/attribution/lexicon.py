"""Words of attribution: verbs of saying and thinking, stance, media, pronouns and descriptions.

The speech verbs are the lemmas of the 297-form quote-verb list of the JournalismAI 2021 Quotes
project (github.com/JournalismAI-2021-Quotes/quote-extraction, regex_pipeline/utils/quote_verb_list.txt,
Apache-2.0; see NOTICE), less the forms that mostly do not report speech ("present", "release",
"ensure", "persist", "laugh", "brand", "convince", "continue", "finding"), plus verbs of denial,
estimation, accusation, belief, intention, expression and appraisal that news reporting uses and that
list lacks.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Lemmas of the JournalismAI list (see the module doc).
_JOURNALISMAI_LEMMAS = _words(
    """accept acclaim acknowledge add admit advise announce answer argue assert assure claim clarify
    comment conclude confirm counter criticize declaim declare decry demonstrate denounce describe disclaim
    dispute estimate exclaim explain find highlight illustrate indicate inform insist mention note notify
    point preach predict proclaim promise rave reassert reassure reckon reconfirm remind reply report
    respond restate retell say shout speak state suggest swear tell testify think tweet urge warn write
    yell"""
)
_OWN_LEMMAS = _words(
    """deny reject dismiss refute rebuff allege accuse blame charge concede caution threaten vow pledge
    stress emphasise emphasize reiterate recall reveal disclose observe contend maintain complain
    believe fear doubt expect hope feel assess calculate forecast project post cite quote learn
    show agree ask demand signal call condemn criticise propose question praise welcome want plan intend
    refuse decline decide seek offer aim insist talk joke boast rail worry campaign lash testify attack
    blast slam support back endorse oppose echo label liken mock discuss debate defend reference
    encourage express invoke downplay unveil outline chastise lament extol tout hail applaud admire
    recommend advocate rule compare link paint detail document view press"""
)
SPEECH_VERBS = _JOURNALISMAI_LEMMAS | _OWN_LEMMAS

# Verbs that are a cue only with a clause or a quote to report, never with a plain object
# ("he added troops", "the data show losses", "they agreed a deal").
NEEDS_CLAUSE = _words(
    """add note point find show agree ask demand answer accept comment counter describe learn post
    project signal state continue highlight illustrate demonstrate feel expect hope fear remind
    charge maintain observe report speak call praise welcome question propose want plan intend refuse
    decline decide seek offer aim talk joke boast rail worry campaign lash attack blast slam support back
    endorse oppose echo label liken mock discuss debate defend reference mention recall stress"""
)

# Cues whose object is what they report: "denied the report", "cited the losses", "criticized the plan".
OBJECT_CUES = _words(
    """cite deny reject dismiss refute dispute criticize criticise condemn denounce decry describe
    acknowledge admit confirm announce promise pledge vow predict demand estimate reveal disclose
    propose question blame praise welcome mention attack blast slam support back endorse oppose echo
    label liken mock discuss debate defend highlight stress recall reference accuse"""
)
# Speech verbs whose plain object is never what they report: "told them", "asked the minister",
# "found a way", "added troops", "decided the case".
NO_OBJECT_CUES = _words("tell ask find add decide know learn answer post project")
# Cues that are also physical acts: their object is reported only when it is a person ("attacked
# Clinton"), never a place or a thing ("attacked the depot").
PHYSICAL_CUES = _words("attack blast slam hit strike target back support press")
# Cues whose "on"/"for" phrase is their topic ("commented on the talks"), not a date or a venue.
TOPIC_CUES = _words("call comment speak talk write report campaign testify rail lash argue")
# Cues whose infinitive complement is what they report: "urged Kyiv to negotiate", "plans to attack".
INFINITIVE_CUES = _words(
    """urge warn promise vow pledge threaten ask demand call want plan intend refuse decline agree decide
    seek offer aim expect hope encourage recommend press"""
)
# Nouns that report what their possessor says, thinks or intends: "Russia's claim that it took the
# town", "his pledge to", "Kyiv's view of the talks".
NOMINAL_CUES = _words(
    """claim statement remark comment pledge promise warning accusation assertion argument allegation
    denial message call demand criticism assessment estimate prediction suggestion belief threat
    vow insistence admission announcement proposal plan idea theory hope fear concern worry view position
    commitment refusal reluctance conclusion report recognition agreement advice answer question rhetoric
    acknowledgment acknowledgement emphasis charge intention goal"""
)
# Predicates of "to be" that say what the subject thinks, wants or stands for: "Kyiv is confident that
# ...", "Graham has been critical of Trump", "a staunch opponent of the death penalty".
ATTITUDE_WORDS = _words(
    """confident sure certain convinced aware unaware worried concerned afraid fearful hopeful optimistic
    pessimistic skeptical sceptical doubtful critical supportive opposed adamant determined willing
    unwilling ready eager keen reluctant hesitant open passionate enthusiastic clear insistent proud
    opponent supporter critic advocate proponent champion defender believer"""
)
# Stance of the speaker, read from the cue's lemma.
STANCE_OF_CUE: dict[str, str] = {
    **dict.fromkeys(("deny", "reject", "dismiss", "refute", "rebuff", "dispute"), "denial"),
    **dict.fromkeys(
        ("estimate", "calculate", "reckon", "forecast", "project", "assess", "predict"), "estimate"
    ),
    **dict.fromkeys(("warn", "caution", "threaten", "warning", "threat"), "warning"),
    **dict.fromkeys(
        ("accuse", "blame", "charge", "allege", "criticize", "denounce", "decry", "attack", "blast", "slam"),
        "accusation",
    ),
    **dict.fromkeys(("confirm", "reconfirm", "acknowledge", "admit", "concede"), "confirmation"),
    **dict.fromkeys(("believe", "think", "suggest", "doubt", "fear", "expect", "hope", "feel"), "hedging"),
    **dict.fromkeys(("promise", "vow", "pledge", "swear"), "commitment"),
    **dict.fromkeys(("want", "plan", "intend", "seek", "aim", "decide"), "intention"),
}  # fmt: skip
# Words inside the content or on the cue that hedge the claim.
HEDGES = _words(
    """may might could possibly probably likely unlikely perhaps apparently reportedly allegedly
    presumably seemingly purportedly supposedly appear appears appeared seem seems seemed"""
)
ESTIMATE_WORDS = frozenset({"about", "around", "approximately", "roughly", "estimated", "nearly", "some"})

# Nouns that name a medium or venue: "in an interview", "on his Telegram channel", "in a statement".
MEDIUM_NOUNS = _words(
    """interview statement channel post report analysis assessment update briefing conference address
    speech broadcast video message tweet telegram facebook twitter x instagram youtube blog website
    site newspaper television tv radio podcast communique bulletin summary letter op-ed column
    article book memoir press release documentary programme program show appearance remarks"""
)
MEDIUM_PREPOSITIONS = frozenset({"in", "on", "during", "via", "at", "through"})

PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his"})
GROUP_PRONOUNS = frozenset({"it", "its", "they", "them", "their"})
FIRST_PERSON = frozenset({"i", "we", "me", "us"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})

# Descriptions that stand for an organisation's text: "the report said", "the statement added".
DOCUMENT_NOUNS = _words(
    """report statement analysis assessment study survey poll update bulletin summary communique
    document memo letter release post message review paper dossier"""
)
# What a speaker puts out that says something for them: "released a letter that says", "posted a video
# saying".
PUBLISHED_NOUNS = DOCUMENT_NOUNS | _words("tweet video ad advert clip paper letter filing")
# Head nouns of descriptions that name a person by role: "the minister", "the spokesman".
# People who speak for the body named with them: "a spokesman for the ministry", "analysts of the ISW"
# say what the ministry or the institute says.
VOICE_NOUNS = _words("spokesman spokeswoman spokesperson representative analyst expert researcher")
PERSON_NOUNS = _words(
    """minister spokesman spokeswoman spokesperson official president governor mayor commander general
    chief head leader secretary chancellor premier adviser advisor aide ambassador envoy diplomat
    analyst expert lawmaker senator deputy officer colonel lieutenant major captain sergeant soldier
    director prosecutor judge candidate nominee founder executive chairman chairwoman representative
    source resident witness man woman"""
)
# Bodies that speak, named with a place or people: "UK intelligence: ...", "Russia's defence ministry: ...".
BODY_NOUNS = _words(
    """ministry intelligence army military police government staff command forces office council
    administration authorities officials military prosecutors"""
)
