"""Words that signal a business event, per type and language.

Each pattern is a regular expression matched case-insensitively at a word start. They are
deliberately verb- and noun-stems ("entlass" covers "entlassen", "entlässt" is listed apart)
so that one line covers the inflections a news text uses. Patterns with ``.{0,N}`` allow a
few words between the parts of a separable verb ("baut ... Stellen ab") or a phrase.
"""

from __future__ import annotations

from newsdesk.nlp.text import NEWS_AGENCIES  # noqa: F401 - the events' list of who never acts

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

# "fired" is a layoff only with staff as its object ("fired 200 workers", "fired its CEO") or in the passive
# ("was fired"): not "police fired tear gas at protesters", not "a fired-up captain".
_STAFF_EN = r"(?:jobs?|staff(?:ers)?|employees|workers|people|personnel|executives?|managers?|CEO|CFO|COO|chief|" \
            r"directors?|president|chairman|boss|editors?|engineers?|team|workforce)\b"
_FIRED_STAFF = r"fired (?:(?!at |on |into |towards? |from )[\w,'’-]+ ){0,3}" + _STAFF_EN
_FIRED_PASSIVE = r"(?:was|were|been|got|be|being) fired\b(?!-)"

# "third-quarter results", "its quarterly results": a company's reported figures (not "election results").
_PERIOD_RESULTS = (r"(?:quarter(?:ly)?|annual|full-year|fiscal(?: year)?|half-year|(?:first|second|third|fourth)-(?:quarter|half)|"
                   r"financial|earnings|Q[1-4]|FY ?\d+) results\b")
# "has lost money there", "made money": a company's profit or loss told without a figure.
_MONEY_MADE = r"(?:lost|lose|loses|losing|made|make|makes|making|earned|earns?|earning) (?:(?:no|more|less|much|any|real|some)\s+)?money\b"

# SENTiVENT's "Deal" is any contract between companies, orders and leases too: "announced an order for 175 jets",
# "received a $15 billion order", "signed a lease for 300,000 square feet", "is leasing 500,000 square feet".
_ORDER_PLACED = r"(?:placed|announced|won|wins|received|booked|landed|secured|finali[sz]ed) (?:an? |the |its )?[^.]{0,30}?orders?\b(?! book)"
_LEASE_SIGNED = (r"(?:signed|agreed|entered into) (?:an? |the )?[^.]{0,20}?lease\b|"
                 r"leas(?:es|ed|ing) (?:about |some |nearly |roughly |more than )?[\d,.]+ (?:square|sq)")

# Shares bought or held: a holding in a listed company, an investment, not a takeover ("bought $250 million of
# the company's stock", "loaded up on its shares", "owns shares of", "initiated a $250 million position in").
SHARES_BOUGHT = (r"(?:owns|own(?:ed|ing)|holds?|held|b(?:ought|uys?|uying)(?! back)|purchas(?:ed|es|ing)|loaded up on|add(?:ed|s)? to) "
                 r"(?:[^.]{0,40}?\b)?(?:shares|stock)\b(?! (?:price|market|exchange|index|options?)\b)|"
                 r"(?:initiated|opened|built|took|taken) (?:an? |its )?[^.]{0,25}?position in")

TRIGGERS: dict[str, dict[str, tuple[str, ...]]] = {
    "layoff": {
        "en": (r"lay(?:s|ing)? off", r"laid off", r"layoffs?", r"job cuts?", r"cut(?:s|ting)? [^.]{0,40}" + _JOBS_EN,
               r"slash(?:es|ed|ing)? [^.]{0,40}" + _JOBS_EN, r"eliminat\w* [^.]{0,40}" + _JOBS_EN,
               r"redundanc(?:y|ies)", r"shed(?:s|ding)? [^.]{0,40}" + _JOBS_EN, _FIRED_STAFF, _FIRED_PASSIVE,
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
               r"commit(?:s|ted|ting)? (?:\w+ )?(?:€|\$|£)", SHARES_BOUGHT),
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
               r"initial public offering", r"round of (?:funding|financing)", r"debt[- ]financing",
               r"(?:provid|arrang|extend|grant)(?:e|es|ed|ing) [^.]{0,30}?(?:financing|loans?|funding|credit line)\b",
               r"(?:issu|sell|sold|pric)\w* [^.]{0,30}(?:debt offerings?|convertible)", r"borrow(?:ed|ing|ings)\b"),
        "de": (r"Finanzierungsrunde", r"(?:eingesammelt|einsammeln|sammelt|gesammelt)", r"Serie[- ][A-F]\b",
               r"Seed-Runde", r"Kapital [^.]{0,30}(?:aufgenommen|erhalten)", r"Risikokapital", r"Fonds [^.]{0,40}aufgelegt"),
        "it": (r"round", r"raccol\w*", r"finanziamento", r"serie [A-F]\b", r"aumento di capitale"),
    },
    "product_launch": {
        "en": (r"launch(?:es|ed|ing)?\b" + _NOT_A_BID, r"unveil\w*", r"introduc(?:e|es|ed|ing)\b", r"(?<!press )releas(?:e|es|ed|ing)\b",
               r"roll(?:s|ed|ing)? out", r"debut\w*", r"present(?:s|ed)? (?:a |an |its )?new", r"introduction of",
               r"roll-?out of"),
        "de": (r"vorgestellt", r"stell\w* [^.]{0,60} vor\b", r"präsentier\w*", r"auf den Markt", r"lanciert",
               r"Einführung", r"eingeführt", r"bringt [^.]{0,40} heraus", r"Marktstart", r"Start des neuen",
               r"(?:brachte|bringt|bringen) [^.]{0,60} (?:an|auf) den Markt"),
        "it": (r"lanci\w*" + _NOT_A_BID, r"presentat\w*", r"presenta\b", r"svel\w*", r"debutt\w*", r"introdott\w*",
               r"rilasciat\w*", r"messo in commercio", r"sul mercato"),
    },
    "financial_result": {
        "en": (r"(?:net |operating |quarterly |annual |pre-tax )?(?:profits?|loss|losses|revenues?|sales|earnings|turnover|EBITDA|EBIT|net income|income)\b",
               r"generat(?:ed|es|ing) (?:\w+ )?~?\s?(?:€|\$|£)", r"EPS\b", r"earnings per share",
               r"(?:gross |operating |profit |pretax |pre-tax |EBITDA |net )?margins?\b", r"(?:free |operating )?cash[- ]flows?\b",
               _PERIOD_RESULTS, _MONEY_MADE),
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
               r"(?:licensing|license|supply|sponsorship|distribution) (?:deal|agreement)", r"memorandum of understanding",
               r"(?:deals|agreements|contracts) with", _ORDER_PLACED, _LEASE_SIGNED, r"licens(?:e|es|ed|ing) (?:its |their )?[^.]{0,30}? to\b",
               r"(?:reached|agreed|announced|signed) (?:an? |the )?[^.]{0,30}settlement\b"),
        "de": (r"Partnerschaft\w*", r"Kooperation\w*", r"kooperier\w*", r"arbeit\w* [^.]{0,60}zusammen",
               r"Zusammenarbeit", r"Allianz", r"Joint Venture", r"Vereinbarung mit", r"Partner\b"),
        "it": (r"partnership", r"accordo", r"collaborazion\w*", r"collabor\w*", r"intesa", r"alleanza",
               r"joint venture"),
    },
    "regulation": {
        "en": (r"rules?\b", r"regulations?\b", r"laws?\b(?! enforcement)", r"ban(?:s|ned)?\b", r"proposed [^.]{0,30}(?:rule|law|regulation)",
               r"requir(?:e|es|ing) [^.]{0,60} to\b", r"oblig\w*", r"tariffs?\b", r"directive", r"Act\b", r"fined?\b"),
        "de": (r"Regel\w*", r"Verordnung\w*", r"Gesetz(?!t)\w*", r"verbiet\w*", r"verboten", r"Verbot\w*", r"verpflicht\w*",
               r"\w*pflicht(?!feld)\w*", r"Richtlinie\w*", r"\w+-(?:Gesetz|Verordnung|Verbot|Regel)\w*", r"\w*zölle\b", r"Zöll\w*", r"Bußgeld\w*", r"Auflage\w*"),
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
    # English figures newsdesk's briefs do not render, after the ones they do (a sentence's first metric wins)
    "eps": (r"EPS\b",),
    "margin": (r"(?:gross |operating |profit |pretax |pre-tax |EBITDA )?margins?\b",),
    "cash flow": (r"(?:free |operating )?cash[- ]flows?\b",),
    "results": (_PERIOD_RESULTS, _MONEY_MADE),
}

# The metrics above that a brief cannot render as a money result: reported only when every mention is read.
FIGURELESS_METRICS = ("eps", "margin", "cash flow", "results")

# A verb that tells a company's own figures or their report: "reported third-quarter results", "posted a
# 130 % leap in earnings", "has lost money there", "set to report fiscal Q4 results".
RESULT_REPORTED = (r"(?:report|post|releas|announc|deliver|publish)\w*\s+(?:(?:its|their|strong|weak|mixed|solid|"
                   r"record|disappointing|better|worse|[\w-]+-than-expected|the company's|[\w-]+-quarter|quarterly|"
                   r"annual|fiscal|full-year|Q[1-4]|a|an)\s+){0,3}(?:results|earnings|profits?|loss|revenues?|sales|EPS)\b",
                   _MONEY_MADE)

# A funding trigger that names its instrument: "set to sell bonds", "issuing debt", "its IPO", "provided a loan". Told
# of a company in the sentence, it needs no amount.
FUNDING_INSTRUMENTS = r"\b(?:bonds?|notes|debt|IPO|initial public offering|loans?|credit (?:facility|line)|financing|borrow\w*)\b"

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
    r"guidance", r"outlook", r"könnte[n]?\b", r"potrebbe(?:ro)?\b", r"sees\b", r"(?:is|are|was|were|be) expected to", r"guided\b",
    r"could (?:grow|rise|reach|hit|top)\b", r"estimat\w* (?:that|its|the|revenue|sales|earnings|profit)",
    r"erwart\w*", r"rechnet [^.]{0,40}mit", r"Prognose\w*", r"prognostiz\w*", r"Ausblick", r"peilt\w* [^.]{0,40}an\b",
    r"prevede", r"prevedono", r"previst\w*", r"stima", r"stime", r"si attende", r"attese", r"obiettivo",
)

# Partnership phrases that tell a deal even when the partner has no recognised name ("teamed up with a
# local start-up", "entered into a supply agreement"): enough with the actor named in the sentence.
PARTNERSHIP_VERBS = {
    "en": (r"enter(?:s|ed|ing)? into", r"team(?:s|ed|ing)? up", r"(?:won|wins|awarded|landed|secured)\b",
           r"collaborat(?:e|es|ed|ing) with", r"partner(?:s|ed|ing)? with",
           r"(?:signed|reached|announced|struck|cut|inked|agreed)\b", r"(?:placed|received|booked|finali[sz]ed)\b",
           r"leas(?:es|ed|ing)\b"),
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

# A metric's movement told right after it, a few words at most ("operating income fell 13 %", "EPS was up
# 37 %", "revenue in the segment declined"): in a sentence of several metrics, each such one is its own figure.
MOVED_AFTER_METRIC = (
    r"(?:\s+(?!and\b|or\b|but\b)[\w'-]+){0,4}?\s+(?:(?:was|were|has|have|had|is|are)\s+)?(?:also\s+)?"
    r"(?:up|down|rose|rising|fell|falling|grew|growing|increased|increasing|declined|declining|dropped|jumped|"
    r"climbed|slumped|surged|plunged|decreased|widened|narrowed|doubled|halved|soared|tumbled|slid|slipped|"
    r"contracted|expanded|improved|rebounded|beat|missed|topped|came in)\b"
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

# -- who may act in a business event --------------------------------------------------------------
# Political parties and sports clubs: organisations, but not ones that act economically.
NON_BUSINESS_WORDS = (
    r"\w*partei\w*", r"party", r"parties", r"partito", r"\w*volkspartei", r"grüne[nr]?", r"greens?", r"die linke",
    r"lega", r"movimento 5 stelle", r"fratelli d'italia", r"forza italia", r"democrat(?:s|ic party)", r"republicans",
    r"labour", r"tories", r"calcio",
)
# The same, spelt in capitals (matched case-sensitively: "AS Roma", not "as").
NON_BUSINESS_ABBREVIATIONS = (
    r"CDU", r"CSU", r"SPD", r"FDP", r"AfD", r"ÖVP", r"SPÖ", r"FPÖ", r"NEOS", r"BSW", r"GOP",
    r"M5S", r"FdI", r"UKIP",
    r"FC", r"SC", r"SV", r"VfB", r"VfL", r"TSV", r"TSG", r"BVB", r"SSC", r"(?:AC|AS)(?= [A-Z])",
)

# Public bodies that make or enforce rules: a regulation needs one as its authority.
AUTHORITY_NAMES = (
    r"\w*kartellamt", r"Bundesamt\w*", r"court", r"Gericht\w*", r"tribunale", r"Treasury", r"Department", r"Congress",
    r"Senate", r"Senat", r"Kongress", r"Landtag", r"Bundestag", r"Bundesrat", r"Bundesregierung", r"Bundesnetzagentur",
    r"Federal Reserve", r"European Union", r"Europäische\w* Union", r"Unione europea", r"White House", r"Weißes Haus",
    r"Casa Bianca", r"Regione", r"Dipartimento", r"Council", r"Consiglio", r"Rat der EU", r"Europäische\w* Rat",
)
# Authorities known by their capitals (matched case-sensitively: "Fed", not "fed").
AUTHORITY_ABBREVIATIONS = (
    r"SEC", r"FTC", r"FCC", r"FDA", r"CFTC", r"FCA", r"CMA", r"Ofcom", r"ESMA", r"EBA", r"EZB", r"ECB", r"BCE",
    r"Fed", r"Consob", r"Agcom", r"Ba[Ff]in", r"FINMA", r"Finma", r"WEKO", r"Weko", r"IVASS", r"Ivass", r"ARERA",
    r"Arera", r"EU", r"UE", r"DOJ", r"FAA", r"NHTSA", r"OFAC",
)

# What an event is about when it is no business: troops moved, money given or won.
TROOPS = (r"soldiers?", r"troops?", r"military", r"army", r"Soldat\w*", r"Truppe\w*", r"Militär\w*", r"Bundeswehr",
          r"Armee", r"soldat[io]", r"truppe", r"militar[ie]", r"esercito", r"prisoners?", r"Häftling\w*", r"detenuti",
          r"refugees?", r"Flüchtling\w*", r"profughi", r"migranti")
CHARITY_OR_LOTTERY = (
    r"charit\w*", r"donat\w*", r"donors?", r"Spende\w*", r"gespendet", r"wohltätig\w*", r"beneficenza", r"benefic\w*",
    r"raised awareness", r"lotter\w*", r"Lotto", r"jackpot", r"Powerball", r"tickets?", r"Gewinnspiel",
    r"Sammelaktion", r"Spendenaktion", r"fundraiser for", r"GoFundMe", r"raccolta fondi",
)

# A launch whose object is no product: "launched an offensive", "released a poster".
NOT_PRODUCTS = (
    r"investigation", r"probe", r"review", r"campaign", r"study", r"plan", r"programme", r"program", r"effort",
    r"initiative", r"appeal", r"lawsuit", r"inquiry", r"commitment", r"investment", r"strategy", r"results?", r"figures",
    r"bid", r"offer", r"report", r"offensive", r"attacks?", r"assault", r"strikes?", r"raid", r"operation", r"war",
    r"polls?", r"survey", r"posters?", r"statement", r"protests?", r"petition", r"manhunt", r"search", r"bombs?",
    r"missiles?", r"rockets?", r"hostages?", r"prisoners?", r"suspects?", r"video", r"footage", r"photos?", r"images?",
    r"names?", r"details", r"data", r"list", r"warning", r"alert", r"indagine", r"inchiesta", r"campagna", r"piano",
    r"strategia", r"offerta", r"offensiva", r"attacco", r"sondaggio", r"appello", r"Untersuchung", r"Ermittlung\w*",
    r"Kampagne", r"Strategie", r"Plan", r"Angebot", r"Bericht", r"Offensive", r"Angriff\w*", r"Umfrage", r"Aufruf",
    r"Fahndung\w*", r"year", r"week", r"month", r"day", r"quarter", r"painting", r"exhibition", r"artwork",
    r"sculpture", r"statue", r"memorial", r"Gemälde", r"Ausstellung", r"dipinto", r"mostra", r"candidat\w*",
    r"acquisto", r"coach", r"player", r"Spieler\w*", r"Trainer\w*", r"allenatore", r"giocatore",
)
# Words that begin no organisation's name: a capitalised sentence start read as one ("Is Awarded Knighthood",
# "Seven Defeats", "HERE"). Checked on names the registry does not know.
NOT_NAME_STARTS = frozenset({
    "is", "are", "was", "were", "has", "have", "had", "will", "here", "there", "now", "then", "this", "that", "these",
    "those", "several", "some", "many", "most", "all", "two", "three", "four", "five", "six", "seven", "eight", "nine",
    "ten", "local", "firm", "way", "tear", "he", "she", "they", "we", "it", "his", "her", "their", "our", "when",
    "while", "after", "before", "if", "but", "and", "or", "ist", "sind", "war", "hier", "dort", "jetzt", "mehrere",
    "einige", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun", "zehn", "è", "sono", "qui", "ora",
    "alcuni", "diversi", "due", "tre", "quattro", "cinque", "sei", "sette", "otto", "nove", "dieci",
})

# Head nouns of what a company brings to market: a launch verb's object with one of them within a few words is a
# product even without a name ("introduce more than 50 new vehicles", "unveiled its new streaming service").
PRODUCT_NOUNS = (
    r"products?", r"services?", r"platforms?", r"apps?", r"applications?", r"features?", r"versions?", r"models?",
    r"vehicles?", r"cars?", r"trucks?", r"SUVs?", r"pickups?", r"jets?", r"aircraft", r"airplanes?", r"chips?",
    r"processors?", r"CPUs?", r"GPUs?", r"devices?", r"phones?", r"smartphones?", r"tablets?", r"laptops?",
    r"consoles?", r"drugs?", r"therap(?:y|ies)", r"vaccines?", r"biosimilars?", r"medicines?", r"software",
    r"tools?", r"gadgets?", r"games?", r"subscriptions?", r"offerings?", r"brands?", r"labels?", r"ETFs?",
    r"line-?ups?", r"product lines?", r"editions?", r"upgrades?", r"updates?", r"generation",
)
# Words between a launch verb and its product noun that are no product's ("launched a review of its services").
_NOT_LAUNCHED = r"(?:of|for|to|from|with|by|in|on|at|into)"
LAUNCHED_OBJECT = (r"(?:\s+of)?\s+((?:(?!" + _NOT_LAUNCHED + r"\b)[\w$'’.-]+\s+){0,5}?(?:" + "|".join(PRODUCT_NOUNS) + r"))\b")

# A company's own spending told as an investment without a figure: "its AI investments in China", "GM's years of
# investments", "we've made investments" (not "plans to make 20 investments of between ...": ticket sizes).
OWN_INVESTMENT = r"(?:\b(?:its|their|our)|\w['’]s|\bmade|years of)\s+(?:[A-Za-z][\w-]*\s+){0,2}$"
# "its investment research", "investment banking": the word as a modifier, no money put in.
INVESTMENT_MODIFIER = r"\s+(?:research|banking|banks?|bankers?|grade|firms?|decisions?|management|advis\w+|vehicles?|" \
                      r"portfolios?|strateg\w+|income|opportunit\w+|community|thesis|case|committee)\b"

# Names that are institutions, not products ("Marshall College", "Crime Suppression Division").
INSTITUTIONS = (r"college", r"university", r"universität", r"università", r"school", r"schule", r"scuola",
                r"division", r"police", r"polizei", r"polizia", r"department", r"ministry", r"council", r"court",
                r"hospital", r"klinik\w*", r"ospedale", r"church", r"kirche", r"chiesa")
