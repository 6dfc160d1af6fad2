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

# "raised its price target", "raised its forecast to $7.33": no money raised
_NOT_A_TARGET = (r"(?!(?:[\w'-]+\s+){0,3}(?:price target|target price|targets?|forecasts?|guidance|outlook|estimates?|"
                 r"dividends?|payout|prices?|ratings?)\b)")

# "launches a bid", "lancia un'offerta": a takeover offer, not a product launch
_NOT_A_BID = r"(?!\s+(?:(?:a|an|its|the|un|una|un'|l'|la|il)\s*)?(?:[^\s.,;]+\s+){0,4}(?:bid|offer|takeover|tender|offert\w*|opa|ops)\b)"

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
               r"building (?:a |an )?(?:new )?team", r"workforce to \d", r"grow(?:s|ing)? (?:its |their )?(?:\w+ )?teams?\b"),
        "de": (r"einstell\w*", r"stellt [^.]{0,40} ein\b", r"Neueinstellung\w*", r"rekrutier\w*",
               r"(?:sucht|suchen|werben|wirbt) [^.]{0,50}(?:Ingenieur\w*|Fachkräfte|Fachleute|Talente|Mitarbeite\w*|Forscher\w*|Entwickler\w*)",
               r"(?:neue|zusätzliche) (?:Stellen|Arbeitsplätze)", r"(?:Stellen|Arbeitsplätze) [^.]{0,30}schaffen",
               r"schaff\w* [^.]{0,40}(?:Stellen|Arbeitsplätze)", r"Team\w* (?:aufbauen|ausbauen|aus|auf)\b",
               r"(?:baut|bauen) [^.]{0,40}Team\w* (?:aus|auf)", r"expandier\w* [^.]{0,70}Teams?", r"einzustellen",
               r"vergrößer\w* [^.]{0,40}Team\w*", r"schreib\w* [^.]{0,40}Stellen [^.]{0,80}aus\b", r"ausgeschrieben"),
        "it": (r"assum\w*", r"assunzion\w*", r"nuovi posti di lavoro", r"(?:creer\w*|crea\w*) [^.]{0,30}posti",
               r"reclut\w*", r"darà lavoro", r"(?:cerca|cercando) [^.]{0,40}(?:ingegneri|personale|talenti|ricercatori|sviluppatori)",
               r"(?:potenzia|amplia|rafforza)\w* [^.]{0,20}(?:team|squadr\w+)", r"costru\w* [^.]{0,20}team"),
    },
    "investment": {
        "en": (r"invest(?:s|ed|ing)?\b", r"investments?\b", r"spend\w* [^.]{0,40} on", r"pour\w* [^.]{0,40} into",
               r"stake in", r"raised its stake", r"built a stake", r"expansion of", r"stake of",
               r"commit(?:s|ted|ting)? (?:\w+ )?(?:€|\$|£)"),
        "de": (r"investier\w*", r"Investition\w*", r"steck\w* [^.]{0,40} in\b", r"\bstecken\b", r"Beteiligung\w*",
               r"Anteil\w* [^.]{0,60}(?:gesichert|erworben|aufgestockt)", r"Prozent (?:am|an der|an dem)\b"),
        "it": (r"invest\w*", r"stanzi\w*", r"partecipazione", r"ampliamento da", r"quota (?:del|di)\b",
               r"salit\w* [^.]{0,20}\d+\s?(?:%|per cento) d(?:i|el|ella)\b"),
    },
    "funding": {
        "en": (r"rais(?:e|es|ed|ing) " + _NOT_A_TARGET + r"(?:[^.]{0,30})?(?:€|\$|£|money|funding|capital|\d)", r"funding round",
               r"financing round", r"series [A-F]\b", r"seed round", r"fund ?rais\w*", r"closed [^.]{0,30}fund",
               r"collected [^.]{0,20}(?:€|\$|£|\d)", r"(?:debt|equity|bridge|mezzanine|project|new) financing",
               r"secur(?:e|es|ed|ing) [^.]{0,30}(?:financing|funding|loans?|credit)", r"\blen(?:t|ds?|ding)\b",
               r"credit (?:facility|facilities|line)", r"(?:term|bridge|syndicated) loans?",
               r"(?:issu|sell|sold|pric)\w* [^.]{0,30}(?:bonds?|notes|debt)\b", r"bond (?:sale|deal|offering)s?", r"\bIPO\b",
               r"initial public offering"),
        "de": (r"Finanzierungsrunde", r"(?:eingesammelt|einsammeln|sammelt|gesammelt)", r"Serie[- ][A-F]\b",
               r"Seed-Runde", r"Kapital [^.]{0,30}(?:aufgenommen|erhalten)", r"Risikokapital", r"Fonds [^.]{0,40}aufgelegt"),
        "it": (r"round", r"raccol\w*", r"finanziamento", r"serie [A-F]\b", r"aumento di capitale"),
    },
    "product_launch": {
        "en": (r"launch(?:es|ed|ing)?\b" + _NOT_A_BID, r"unveil\w*", r"introduc(?:e|es|ed|ing)\b", r"(?<!press )releas(?:e|es|ed|ing)\b",
               r"roll(?:s|ed|ing)? out", r"debut\w*", r"present(?:s|ed)? (?:a |an |its )?new"),
        "de": (r"vorgestellt", r"stell\w* [^.]{0,60} vor\b", r"präsentier\w*", r"auf den Markt", r"lanciert",
               r"Einführung", r"eingeführt", r"bringt [^.]{0,40} heraus", r"Marktstart", r"Start des neuen",
               r"(?:brachte|bringt|bringen) [^.]{0,60} (?:an|auf) den Markt"),
        "it": (r"lanci\w*" + _NOT_A_BID, r"presentat\w*", r"presenta\b", r"svel\w*", r"debutt\w*", r"introdott\w*",
               r"rilasciat\w*", r"messo in commercio", r"sul mercato"),
    },
    "financial_result": {
        "en": (r"(?:net |operating |quarterly |annual |pre-tax )?(?:profits?|loss|losses|revenues?|sales|earnings|turnover|EBITDA|EBIT|net income|income)\b",
               r"generat(?:ed|es|ing) (?:\w+ )?~?\s?(?:€|\$|£)"),
        "de": (r"\w*(?:gewinn|verlust|umsatz|umsätze|erlös\w*|ergebnis|überschuss|fehlbetrag)\b", r"EBITDA", r"EBIT\b",
               r"Einnahmen", r"verdient\w*", r"unter dem Strich"),
        "it": (r"utile", r"utili\b", r"perdit\w*", r"ricavi", r"fatturato", r"risultato (?:netto|operativo)", r"margine", r"ebitda",
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
               r"agreement with", r"team(?:s|ed|ing)? up", r"signed (?:a |an )?(?:deal|agreement|memorandum)",
               r"enter(?:s|ed|ing)? into (?:an? |the )?[^.]{0,40}(?:agreement|partnership|alliance|contract)",
               r"(?:won|wins|awarded|landed|secured) (?:an? |the )?[^.]{0,40}contract\b", r"working with", r"deal with",
               r"(?:reached|announced|struck|cut|inked|signed|agreed) (?:an? |the )?[^.]{0,30}(?:agreement|deal|contract|pact)\b",
               r"(?:licensing|license|supply|sponsorship|distribution) (?:deal|agreement)", r"memorandum of understanding"),
        "de": (r"Partnerschaft\w*", r"Kooperation\w*", r"kooperier\w*", r"arbeit\w* [^.]{0,60}zusammen",
               r"Zusammenarbeit", r"Allianz", r"Joint Venture", r"Vereinbarung mit", r"Partner\b"),
        "it": (r"partnership", r"accordo", r"collaborazion\w*", r"collabor\w*", r"intesa", r"alleanza",
               r"joint venture"),
    },
    "regulation": {
        "en": (r"rules?\b", r"regulations?\b", r"law\b", r"ban(?:s|ned)?\b", r"proposed [^.]{0,30}(?:rule|law|regulation)",
               r"requir(?:e|es|ing) [^.]{0,60} to\b", r"oblig\w*", r"tariffs?\b", r"directive", r"Act\b", r"fined?\b"),
        "de": (r"Regel\w*", r"Verordnung\w*", r"Gesetz\w*", r"verbiet\w*", r"verboten", r"Verbot\w*", r"verpflicht\w*",
               r"\w*pflicht\w*", r"Richtlinie\w*", r"\w+-(?:Gesetz|Verordnung|Verbot|Regel)\w*", r"\w*zölle\b", r"Zöll\w*", r"Bußgeld\w*", r"Auflage\w*"),
        "it": (r"regol\w*", r"norm(?:a|e)\b", r"legge", r"divieto", r"vieta\w*", r"obblig(?!azion)\w*", r"direttiva", r"dazi",
               r"sanzion\w*", r"multa", r"regolamento"),
    },
    "relocation": {
        "en": (r"relocat\w*", r"move\w* (?:its |their )?(?:headquarters|hq|head office|production|operations|staff)",
               r"shift\w* (?:its )?production", r"transfer\w* [^.]{0,30}headquarters"),
        "de": (r"verleg\w*", r"verlager\w*", r"Verlagerung", r"umzuziehen", r"umziehen", r"Umzug", r"zieht [^.]{0,60} um\b",
               r"Sitz [^.]{0,30}(?:nach|verleg)", r"zieh\w* [^.]{0,40}(?:Zentrale|Hauptsitz|Sitz)\b [^.]{0,40}\bnach\b"),
        "it": (r"trasferi\w*", r"sposta\w*", r"delocalizz\w*", r"trasloco"),
    },
}

# "[^.]" keeps a gap inside one sentence; a dot between digits ("1.500 Stellen") is no sentence end.
_GAP = r"(?:[^.]|\.(?=\d))"
TRIGGERS = {kind: {lang: tuple(p.replace("[^.]", _GAP) for p in patterns) for lang, patterns in by_lang.items()}
            for kind, by_lang in TRIGGERS.items()}

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
    "adopted": (r"adopt\w*", r"approved\b", r"approves\b", r"passed", r"verabschiedet", r"beschlossen", r"angenommen",
                r"approvat\w*", r"adottat\w*", r"varat\w*", r"final approval"),
    "in force": (r"in Kraft", r"takes? effect", r"in vigore", r"greif\w*", r"apply from", r"gilt ab", r"verboten ist",
                 r"(?:is|are) banned", r"è vietat\w*", r"erheb\w*", r"impos(?:es|ed)\b"),
}

# Where a place is where something goes to, and where it comes from.
RELOCATION_TO = (r"to", r"nach", r"in die", r"in den", r"ad?", r"verso", r"in")
RELOCATION_FROM = (r"from", r"von", r"aus", r"da")

# Phrases that make a figure a forecast, not a reported result ("expects revenue of ...").
GUIDANCE = (
    r"expects?\b", r"expecting\b", r"forecast(?:s|ing)? (?:a|an|its|revenue|sales|profit|earnings|net|operating)\b",
    r"guidance", r"outlook", r"sees\b", r"(?:is|are|was|were|be) expected to", r"guided\b",
    r"could (?:grow|rise|reach|hit|top)\b", r"estimat\w* (?:that|its|the|revenue|sales|earnings|profit)",
    r"erwart\w*", r"rechnet [^.]{0,40}mit", r"Prognose\w*", r"prognostiz\w*", r"Ausblick", r"peilt\w* [^.]{0,40}an\b",
    r"prevede", r"prevedono", r"previst\w*", r"stima", r"stime", r"si attende", r"attese", r"obiettivo",
)

# Partnership phrases that tell a deal even when the partner has no recognised name ("teamed up with a
# local start-up", "entered into a supply agreement"): enough with the actor named in the sentence.
PARTNERSHIP_VERBS = {
    "en": (r"enter(?:s|ed|ing)? into", r"team(?:s|ed|ing)? up", r"(?:won|wins|awarded|landed|secured)\b",
           r"collaborat(?:e|es|ed|ing) with", r"partner(?:s|ed|ing)? with",
           r"(?:signed|reached|announced|struck|cut|inked|agreed)\b"),
    "de": (r"kooperier\w*", r"arbeit\w* [^.]{0,60}zusammen"),
    "it": (r"collabor(?:a|ano|erà|eranno)\b",),
}

# A metric's change told before it or by an adjective ("a 3 % rise in sales", "record profits",
# "stronger-than-expected earnings"): a result without an amount, in English.
CHANGE_BEFORE_METRIC = (
    r"(?:rise|increase|decline|drop|growth|fall|jump|surge|gain|decrease|slump|improvement)s? in (?:its |the |their )?(?:\w+ )?$",
    r"(?:higher|lower|record|stronger|weaker|better|worse|upbeat|disappointing|improved|declining|falling|rising|"
    r"(?:stronger|weaker|better|worse)-than-expected)\s(?:\w+\s)?$",
)

# Noun phrases that name the article's company without its name ("Der Konzern", "the company").
COMPANY_DESCRIPTORS = {
    "en": r"(?:[Tt]he|[Tt]his) (?:[\w-]+ )?(?:company|group|firm|buyer|owner|carmaker|bank|lender|start-?up|maker|giant|manufacturer|operator|insurer)\b",
    "de": r"(?:[Dd]er|[Dd]ie|[Dd]as|[Dd]ieser|[Dd]iese|[Dd]en) (?:[a-zäöüß-]+ |[A-ZÄÖÜ]\w+er )?(?:Konzern|Käufer|Eigentümer|Gruppe|Unternehmen|Firma|Start-?up|Hersteller|Bank|Institut|"
          r"Versicherer|Anbieter|Betreiber|Energiegruppe|Autobauer|Autokonzern|Chiphersteller|Softwarekonzern|[A-ZÄÖÜ]\w*konzern)\b",
    "it": r"(?:[Ii]l|[Ll]a|[Ll]o|[Ll]'|[Qq]uesto|[Qq]uesta) ?(?:\w+ )?(?:gruppo|società|acquirente|azionista|proprietario|azienda|colosso|gigante|banca|istituto|startup|start-up|casa)\b",
}

# Words in an organisation's name that make it a public authority, not a company (a deal's approver).
AUTHORITY_WORDS = (
    r"\w*behörde\w*", r"authorit\w*", r"autorità", r"antitrust", r"\w*ministerium\w*", r"ministry", r"ministero",
    r"commission", r"kommission", r"commissione", r"regulator\w*", r"\w*aufsicht\w*", r"government", r"regierung",
    r"governo", r"parlament\w*", r"parliament",
)

# Sales counted in units of a product ("car sales climbed 7 %", "hardware sales"): a volume, not a
# company's financial result. Matched on the words right before "sales".
SALES_VOLUME = r"\b(?:car|cars|vehicle|auto|truck|pickup|unit|hardware|device|smartphone|phone|PC|console|home|" \
               r"retail|fleet)\s+$"

# What a company hires when it hires a firm ("hired the agency to build ..."): a contract, not staff.
HIRED_FIRM = r"^\s+(?:(?:the|a|an)\s+)?(?:[\w-]+\s+)?(?:firm|company|agency|consultancy|bank|contractor|startup|start-up)\b"

# Percentage stakes: a minority holding is an investment, not a takeover.
STAKE = {
    "en": r"(\d+(?:\.\d+)?)\s?(?:%|per ?cent)(?: of [A-Z]\w*| stake| holding| interest)|stake of (?:around |about |roughly |some )?(\d+(?:\.\d+)?)\s?(?:%|per ?cent)",
    "de": r"(\d+(?:,\d+)?)\s?(?:%|Prozent) (?:am|an der|an dem|an)\b|(?:Anteil|Beteiligung)\w* von (?:rund |etwa |knapp |gut )?(\d+(?:,\d+)?)\s?(?:%|Prozent)",
    "it": r"(\d+(?:,\d+)?)\s?(?:%|per cento) (?:di|del|della|dell')\s*[A-Z]|quota (?:del|di) (?:circa )?(?:il )?(\d+(?:,\d+)?)\s?(?:%|per cento)",
}

# Determiners before a nominal trigger that point back to an event told before ("the deal", "die Übernahme").
ANAPHORIC = {
    "en": r"(?:\b(?i:the|this|that|these|those)\s+(?:(?:proposed|planned|announced|new|latest|\w+ed)\s+)?)$",
    "de": r"(?:\b(?i:der|die|das|den|dem|des|diese[rsmn]?|zum|zur|beim|vom|im)\s+(?:[a-zäöüß]\w*\s+)?)$",
    "it": r"(?:\b(?i:il|lo|la|i|gli|le|questo|questa|del|dello|della|al|allo|alla|nel|nello|nella|dal|dalla|sul|sulla)\s+|\b(?i:l|dell|all|nell|dall|sull)')$",
}
