"""Words that signal a business event, per type and language.

Each pattern is a regular expression matched case-insensitively at a word start. They are
deliberately verb- and noun-stems ("entlass" covers "entlassen", "entlässt" is listed apart)
so that one line covers the inflections a news text uses. Patterns with ``.{0,N}`` allow a
few words between the parts of a separable verb ("baut ... Stellen ab") or a phrase.
"""

from __future__ import annotations

EVENT_TYPES = (
    "layoff", "hiring", "investment", "funding", "product_launch", "financial_result",
    "acquisition", "partnership", "regulation", "relocation",
)

_JOBS_EN = r"(?:jobs?|positions|roles|staff|employees|workers|people|posts)"
_JOBS_DE = r"(?:Stellen|Arbeitsplätze|Jobs|Mitarbeite\w*|Beschäftigte\w*|Personen|Menschen|Leute|Fachkräfte|Fachleute)"
_JOBS_IT = r"(?:posti|dipendenti|lavorat\w+|persone|addetti|esuberi|unità)"

# "launches a bid", "lancia un'offerta": a takeover offer, not a product launch
_NOT_A_BID = r"(?!\s+(?:(?:a|an|its|the|un|una|un'|l'|la|il)\s*)?(?:\w+\s+)?(?:bid|offer|takeover|tender|offert\w*|opa|ops)\b)"

TRIGGERS: dict[str, dict[str, tuple[str, ...]]] = {
    "layoff": {
        "en": (r"lay(?:s|ing)? off", r"laid off", r"layoffs?", r"job cuts?", r"cut(?:s|ting)? [^.]{0,40}" + _JOBS_EN,
               r"slash(?:es|ed|ing)? [^.]{0,40}" + _JOBS_EN, r"eliminat\w* [^.]{0,40}" + _JOBS_EN,
               r"redundanc(?:y|ies)", r"shed(?:s|ding)? [^.]{0,40}" + _JOBS_EN, r"fired",
               r"reduc\w* (?:its |the )?(?:workforce|headcount)", r"workforce reduction"),
        "de": (r"entlass\w*", r"entlässt", r"Entlassung\w*", r"\w*abbau\b", r"streich\w* [^.]{0,60}" + _JOBS_DE,
               r"strich [^.]{0,60}" + _JOBS_DE, _JOBS_DE + r" [^.]{0,40}(?:streichen|gestrichen|abbauen|abgebaut)",
               r"(?:baut|bauen) [^.]{0,60}" + _JOBS_DE + r" ab", r"Kündigung\w*", r"gekündigt",
               r"Belegschaft [^.]{0,30}verkleiner\w*", r"verkleiner\w* [^.]{0,30}Belegschaft"),
        "it": (r"licenzi\w*", r"esuber\w*", r"tagli\w* [^.]{0,40}" + _JOBS_IT, r"riduzione del personale",
               r"taglio del personale", r"uscite volontarie", r"cassa integrazione"),
    },
    "hiring": {
        "en": (r"hir(?:e|es|ed|ing)\b", r"recruit\w*", r"(?:job )?openings", r"new jobs",
               r"create [^.]{0,30}" + _JOBS_EN, r"creat(?:ing|es) [^.]{0,30}" + _JOBS_EN,
               r"add(?:s|ing)? [^.]{0,30}" + _JOBS_EN, r"expand\w* (?:its |their )?(?:AI |engineering )?teams?",
               r"building (?:a |an )?(?:new )?team", r"workforce to \d"),
        "de": (r"einstell\w*", r"stellt [^.]{0,40} ein\b", r"Neueinstellung\w*", r"rekrutier\w*",
               r"(?:sucht|suchen|werben|wirbt) [^.]{0,50}(?:Ingenieur\w*|Fachkräfte|Fachleute|Talente|Mitarbeite\w*|Forscher\w*|Entwickler\w*)",
               r"(?:neue|zusätzliche) (?:Stellen|Arbeitsplätze)", r"(?:Stellen|Arbeitsplätze) [^.]{0,30}schaffen",
               r"schaff\w* [^.]{0,40}(?:Stellen|Arbeitsplätze)", r"Team\w* (?:aufbauen|ausbauen|aus|auf)\b",
               r"(?:baut|bauen) [^.]{0,40}Team\w* (?:aus|auf)", r"expandier\w* [^.]{0,70}Teams?"),
        "it": (r"assum\w*", r"assunzion\w*", r"nuovi posti di lavoro", r"(?:creer\w*|crea\w*) [^.]{0,30}posti",
               r"reclut\w*", r"darà lavoro", r"(?:cerca|cercando) [^.]{0,40}(?:ingegneri|personale|talenti|ricercatori|sviluppatori)",
               r"(?:potenzia|amplia|rafforza)\w* [^.]{0,20}(?:team|squadr\w+)", r"costru\w* [^.]{0,20}team"),
    },
    "investment": {
        "en": (r"invest(?:s|ed|ing)?\b", r"investments?\b", r"spend\w* [^.]{0,40} on", r"pour\w* [^.]{0,40} into",
               r"stake in", r"raised its stake", r"built a stake", r"expansion of"),
        "de": (r"investier\w*", r"Investition\w*", r"steck\w* [^.]{0,40} in\b", r"\bstecken\b", r"Beteiligung\w*",
               r"Anteil\w* [^.]{0,40}(?:gesichert|erworben|aufgestockt)"),
        "it": (r"invest\w*", r"stanzi\w*", r"partecipazione", r"ampliamento da"),
    },
    "funding": {
        "en": (r"rais(?:e|es|ed|ing) (?:[^.]{0,30})?(?:€|\$|£|money|funding|capital|\d)", r"funding round",
               r"financing round", r"series [A-F]\b", r"seed round", r"fund ?rais\w*", r"closed [^.]{0,30}fund",
               r"collected [^.]{0,20}(?:€|\$|£|\d)"),
        "de": (r"Finanzierungsrunde", r"(?:eingesammelt|einsammeln|sammelt|gesammelt)", r"Serie[- ][A-F]\b",
               r"Seed-Runde", r"Kapital [^.]{0,30}(?:aufgenommen|erhalten)", r"Risikokapital", r"Fonds [^.]{0,40}aufgelegt"),
        "it": (r"round", r"raccol\w*", r"finanziamento", r"serie [A-F]\b", r"aumento di capitale"),
    },
    "product_launch": {
        "en": (r"launch(?:es|ed|ing)?\b" + _NOT_A_BID, r"unveil\w*", r"introduc(?:e|es|ed|ing)\b", r"releas(?:e|es|ed)\b",
               r"roll(?:s|ed|ing)? out", r"debut\w*", r"present(?:s|ed)? (?:a |an |its )?new"),
        "de": (r"vorgestellt", r"stell\w* [^.]{0,60} vor\b", r"präsentier\w*", r"auf den Markt", r"lanciert",
               r"Einführung", r"eingeführt", r"bringt [^.]{0,40} heraus", r"Marktstart", r"Start des neuen"),
        "it": (r"lanci\w*" + _NOT_A_BID, r"presentat\w*", r"presenta\b", r"svel\w*", r"debutt\w*", r"introdott\w*",
               r"rilasciat\w*", r"messo in commercio", r"sul mercato"),
    },
    "financial_result": {
        "en": (r"(?:net |operating |quarterly |annual |pre-tax )?(?:profit|loss|losses|revenue|revenues|sales|earnings|turnover|EBITDA|EBIT|net income|income)\b",),
        "de": (r"\w*(?:gewinn|verlust|umsatz|umsätze|erlös\w*|ergebnis|überschuss|fehlbetrag)\b", r"EBITDA", r"EBIT\b",
               r"Einnahmen"),
        "it": (r"utile", r"perdit\w*", r"ricavi", r"fatturato", r"risultato (?:netto|operativo)", r"margine", r"ebitda",
               r"in rosso", r"rosso di"),
    },
    "acquisition": {
        "en": (r"acquir(?:e|es|ed|ing)\b", r"acquisitions?\b", r"buy(?:s|ing)?\b", r"bought", r"takeover", r"take over",
               r"merger", r"merge\b", r"purchas\w*", r"(?:bid|offer) for", r"tender offer", r"exchange offer",
               r"launch(?:es|ed|ing)? (?:a |an |its )?(?:\w+ )?(?:bid|offer)"),
        "de": (r"übernimmt", r"übernommen", r"übernehmen", r"Übernahme\w*", r"kauft\b", r"gekauft", r"kaufen\b",
               r"Zukauf\w*", r"Fusion\w*", r"Umtauschangebot\w*", r"Kaufangebot\w*", r"erwirbt", r"erworben"),
        "it": (r"acquisi\w*", r"acquist\w*", r"compra\w*", r"rilev\w*", r"fusione", r"offerta pubblica", r"\bops\b",
               r"\bopa\b", r"scalata", r"lanci\w* (?:un'|una |l')?offerta"),
    },
    "partnership": {
        "en": (r"partnership", r"partner(?:s|ed|ing)? with", r"alliance", r"joint venture", r"collaborat\w*",
               r"agreement with", r"team(?:s|ed)? up", r"signed (?:a |an )?(?:deal|agreement|memorandum)"),
        "de": (r"Partnerschaft\w*", r"Kooperation\w*", r"kooperier\w*", r"arbeit\w* [^.]{0,60}zusammen",
               r"Zusammenarbeit", r"Allianz", r"Joint Venture", r"Vereinbarung mit", r"Partner\b"),
        "it": (r"partnership", r"accordo", r"collaborazion\w*", r"collabor\w*", r"intesa", r"alleanza",
               r"joint venture"),
    },
    "regulation": {
        "en": (r"rules?\b", r"regulations?\b", r"law\b", r"ban(?:s|ned)?\b", r"proposed [^.]{0,30}(?:rule|law|regulation)",
               r"requir(?:e|es|ing) [^.]{0,60} to\b", r"oblig\w*", r"tariffs?\b", r"directive", r"Act\b", r"fined?\b"),
        "de": (r"Regel\w*", r"Verordnung\w*", r"Gesetz\w*", r"verbiet\w*", r"verboten", r"Verbot\w*", r"verpflicht\w*",
               r"\w*pflicht\b", r"Richtlinie\w*", r"\w*zölle\b", r"Zöll\w*", r"Bußgeld\w*", r"Auflage\w*"),
        "it": (r"regol\w*", r"norm(?:a|e)\b", r"legge", r"divieto", r"vieta\w*", r"obblig\w*", r"direttiva", r"dazi",
               r"sanzion\w*", r"multa", r"regolamento"),
    },
    "relocation": {
        "en": (r"relocat\w*", r"move\w* (?:its |their )?(?:headquarters|hq|head office|production|operations|staff)",
               r"shift\w* (?:its )?production", r"transfer\w* [^.]{0,30}headquarters"),
        "de": (r"verleg\w*", r"verlager\w*", r"Verlagerung", r"umzuziehen", r"umziehen", r"Umzug", r"zieht [^.]{0,60} um\b",
               r"Sitz [^.]{0,30}(?:nach|verleg)"),
        "it": (r"trasferi\w*", r"sposta\w*", r"delocalizz\w*", r"trasloco"),
    },
}

# Words that name the figure of a financial result, normalised to an English metric.
METRICS: dict[str, tuple[str, ...]] = {
    "net loss": (r"net loss", r"Nettoverlust", r"perdita netta"),
    "operating loss": (r"operating loss", r"operativer Verlust", r"operativen Verlust", r"perdita operativa"),
    "net profit": (r"net (?:profit|income)", r"Nettogewinn", r"Überschuss", r"utile netto", r"Gewinn unter dem Strich",
                   r"Unter dem Strich"),
    "operating profit": (r"operating (?:profit|income)", r"operative\w* Gewinn", r"Betriebsgewinn", r"utile operativo",
                         r"EBIT\b", r"risultato operativo"),
    "ebitda": (r"EBITDA",),
    "revenue": (r"revenues?", r"sales", r"turnover", r"Umsatz\w*", r"Umsätze", r"Erlös\w*", r"Einnahmen", r"ricavi",
                r"fatturato"),
    "loss": (r"loss(?:es)?", r"Verlust\w*", r"perdit\w*", r"rosso"),
    "profit": (r"profits?", r"earnings", r"Gewinn\w*", r"utile", r"utili"),
}

ROUNDS = (
    (r"(?:Series|Serie)[- ]([A-F])\b", "Series {0}"),
    (r"\bseed\b|Seed-Runde|round seed|Seed-Finanzierung", "Seed"),
    (r"pre-seed", "Pre-seed"),
)

LEAD_INVESTOR = (
    r"led by", r"angeführt von", r"unter (?:der )?Führung von", r"guidat[oa] da(?:l|lla)?", r"capitanat[oa] da(?:l|lla)?",
)

STATUS = {
    "proposed": (r"propos\w*", r"draft", r"vorgeschlagen", r"Entwurf", r"vorlegen", r"vorgelegt", r"plant\b",
                 r"propost\w*", r"bozza", r"consultazione"),
    "adopted": (r"adopt\w*", r"approv\w*", r"passed", r"verabschiedet", r"beschlossen", r"angenommen",
                r"approvat\w*", r"adottat\w*", r"varat\w*", r"final approval"),
    "in force": (r"in Kraft", r"takes? effect", r"in vigore", r"greif\w*", r"apply from", r"gilt ab"),
}

# Where a place is where something goes to, and where it comes from.
RELOCATION_TO = (r"to", r"nach", r"in die", r"in den", r"ad?", r"verso", r"in")
RELOCATION_FROM = (r"from", r"von", r"aus", r"da")
