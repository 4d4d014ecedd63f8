/// The word lists the sentiment scorer reads: for each language the valence of common opinion words (−4 to +4, in
/// the spirit of AFINN and VADER), the words that negate what follows, the words that strengthen or soften it, and the
/// words that turn a sentence ("but": what follows outweighs what came before). Words are written without accents
/// and in lower case, as the scorer folds the text before looking them up.
enum SentimentLexicon {
    /// Small words frequent in each language and rare in the others, to tell the language of a text.
    static let markers: [FeedbackLanguage: Set<String>] = [
        .en: ["the", "and", "is", "was", "i", "you", "it", "of", "to", "with", "my", "this", "that", "not", "for", "are"],
        .nl: ["de", "het", "een", "en", "is", "was", "ik", "je", "jullie", "van", "niet", "met", "mijn", "dat", "voor", "zijn", "heel", "erg"],
        .fr: ["le", "la", "les", "un", "une", "et", "est", "je", "vous", "de", "du", "pas", "avec", "mon", "ce", "pour", "tres", "ne"],
    ]

    /// Opinion words and their valence, per language.
    static let valence: [FeedbackLanguage: [String: Double]] = [
        .en: [
            "love": 3, "loved": 3, "lovely": 3, "wonderful": 4, "amazing": 4, "awesome": 4, "excellent": 4, "fantastic": 4,
            "great": 3, "good": 2, "nice": 2, "fine": 1, "ok": 1, "okay": 1, "happy": 3, "glad": 2, "pleased": 2, "proud": 2,
            "thank": 2, "thanks": 2, "thankful": 3, "grateful": 3, "appreciate": 2, "appreciated": 2, "helpful": 2,
            "friendly": 2, "kind": 2, "warm": 1, "quick": 1, "fast": 1, "easy": 2, "clear": 1, "inspiring": 3, "inspired": 2,
            "impressed": 3, "impressive": 3, "recommend": 2, "best": 3, "beautiful": 3, "perfect": 3, "smooth": 2,
            "satisfied": 2, "enjoy": 2, "enjoyed": 2, "brilliant": 4, "superb": 4, "delighted": 3, "moving": 2, "touched": 2,
            "bad": -3, "terrible": -4, "awful": -4, "horrible": -4, "poor": -2, "worst": -4, "hate": -4, "hated": -4,
            "angry": -3, "annoyed": -2, "annoying": -2, "frustrated": -3, "frustrating": -3, "disappointed": -3,
            "disappointing": -3, "disappointment": -3, "upset": -3, "sad": -2, "unhappy": -3, "rude": -3, "slow": -2,
            "late": -1, "wrong": -2, "error": -2, "errors": -2, "broken": -3, "confusing": -2, "confused": -2, "difficult": -2,
            "problem": -2, "problems": -2, "complaint": -3, "complain": -2, "waste": -3, "wasted": -3, "spam": -3,
            "useless": -3, "unacceptable": -4, "lost": -2, "charged": -1, "twice": -1, "ignored": -3,
            "unsubscribe": -2, "pushy": -3, "aggressive": -3, "misleading": -3, "scam": -4, "fail": -2, "failed": -2,
            "mistake": -2, "sorry": -1, "worse": -3, "stop": -1, "nobody": -2, "cancel": -1, "cancelled": -1,
        ],
        .nl: [
            "geweldig": 4, "fantastisch": 4, "prachtig": 3, "mooi": 2, "mooie": 2, "goed": 2, "goede": 2, "prima": 1,
            "fijn": 2, "fijne": 2, "blij": 3, "tevreden": 2, "dankbaar": 3, "bedankt": 2, "dank": 2, "dankjewel": 2,
            "top": 3, "super": 3, "leuk": 2, "leuke": 2, "vriendelijk": 2, "vriendelijke": 2, "behulpzaam": 2, "snel": 1,
            "snelle": 1, "duidelijk": 1, "duidelijke": 1, "makkelijk": 2, "inspirerend": 3, "trots": 2, "aanrader": 3,
            "uitstekend": 4, "perfect": 3, "beste": 3, "waardeer": 2, "gewaardeerd": 2, "genoten": 2, "ontroerend": 2,
            "slecht": -3, "slechte": -3, "vreselijk": -4, "verschrikkelijk": -4, "waardeloos": -4, "boos": -3,
            "teleurgesteld": -3, "teleurstellend": -3, "teleurstelling": -3, "ontevreden": -3, "verdrietig": -2,
            "onbeleefd": -3, "onvriendelijk": -3, "traag": -2, "langzaam": -1, "fout": -2, "fouten": -2, "kapot": -3,
            "verwarrend": -2, "lastig": -2, "moeilijk": -2, "probleem": -2, "problemen": -2, "klacht": -3, "klagen": -2,
            "zonde": -2, "spam": -3, "nutteloos": -3, "onacceptabel": -4, "kwijt": -2, "dubbel": -1, "genegeerd": -3,
            "afmelden": -2, "opdringerig": -3, "agressief": -3, "misleidend": -3, "oplichting": -4, "mislukt": -2,
            "vergissing": -2, "jammer": -2, "erger": -3, "irritant": -2, "ergerlijk": -3, "stoppen": -1, "niemand": -2,
        ],
        .fr: [
            "merveilleux": 4, "formidable": 4, "fantastique": 4, "excellent": 4, "excellente": 4, "genial": 4, "super": 3,
            "bien": 2, "bon": 2, "bonne": 2, "beau": 2, "belle": 2, "content": 3, "contente": 3, "heureux": 3, "heureuse": 3,
            "ravi": 3, "ravie": 3, "satisfait": 2, "satisfaite": 2, "merci": 2, "reconnaissant": 3, "reconnaissante": 3,
            "aimable": 2, "sympathique": 2, "gentil": 2, "gentille": 2, "rapide": 1, "clair": 1, "claire": 1, "facile": 2,
            "inspirant": 3, "fier": 2, "fiere": 2, "recommande": 2, "parfait": 3, "parfaite": 3, "meilleur": 3,
            "apprecie": 2, "touchant": 2, "aime": 3, "adore": 3, "top": 3, "efficace": 2, "utile": 2,
            "mauvais": -3, "mauvaise": -3, "terrible": -4, "horrible": -4, "affreux": -4, "nul": -3, "nulle": -3, "pire": -4,
            "deteste": -4, "fache": -3, "fachee": -3, "enerve": -2, "enervant": -2, "decu": -3, "decue": -3, "decevant": -3,
            "deception": -3, "mecontent": -3, "mecontente": -3, "triste": -2, "impoli": -3, "impolie": -3, "lent": -2,
            "lente": -2, "erreur": -2, "erreurs": -2, "casse": -3, "confus": -2, "difficile": -2, "probleme": -2,
            "problemes": -2, "plainte": -3, "gaspillage": -3, "spam": -3, "inutile": -3, "inacceptable": -4, "perdu": -2,
            "ignore": -3, "desabonner": -2, "insistant": -3, "agressif": -3, "trompeur": -3, "arnaque": -4, "echec": -2,
            "dommage": -2, "agacant": -2, "rate": -2,
        ],
    ]

    /// Words that negate the opinion words after them in the same clause.
    static let negators: [FeedbackLanguage: Set<String>] = [
        .en: ["not", "no", "never", "nothing", "neither", "nor", "without", "hardly", "cannot", "cant", "dont", "didnt",
              "doesnt", "isnt", "wasnt", "werent", "arent", "wont", "wouldnt", "havent", "hasnt", "hadnt", "shouldnt", "couldnt"],
        .nl: ["niet", "geen", "nooit", "niets", "niks", "zonder", "nergens", "allerminst"],
        .fr: ["ne", "n", "pas", "jamais", "rien", "aucun", "aucune", "sans", "guere", "ni"],
    ]

    /// Words that strengthen (above 1) or soften (below 1) the next opinion word.
    static let intensity: [FeedbackLanguage: [String: Double]] = [
        .en: ["very": 1.5, "really": 1.5, "so": 1.3, "extremely": 1.8, "incredibly": 1.8, "truly": 1.4, "absolutely": 1.6,
              "totally": 1.5, "too": 1.3, "quite": 1.2, "slightly": 0.6, "somewhat": 0.7, "bit": 0.7, "little": 0.7],
        .nl: ["heel": 1.5, "erg": 1.5, "zeer": 1.6, "echt": 1.4, "ontzettend": 1.8, "enorm": 1.7, "super": 1.5,
              "helemaal": 1.4, "te": 1.3, "best": 1.2, "beetje": 0.6, "enigszins": 0.7, "wat": 0.8],
        .fr: ["tres": 1.5, "vraiment": 1.5, "tellement": 1.5, "extremement": 1.8, "trop": 1.3, "si": 1.3,
              "absolument": 1.6, "totalement": 1.5, "assez": 1.2, "peu": 0.6, "legerement": 0.6],
    ]

    /// Words after which the clause outweighs what came before.
    static let contrasts: [FeedbackLanguage: Set<String>] = [
        .en: ["but", "however", "although", "though", "yet"], .nl: ["maar", "echter", "hoewel", "toch"],
        .fr: ["mais", "cependant", "pourtant", "toutefois"],
    ]
}
