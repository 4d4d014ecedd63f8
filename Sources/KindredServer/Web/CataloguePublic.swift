import KindredCore

/// The strings of the public pages supporters reach by link (no sign-in), in English, Dutch and French.
enum PublicCatalogue {
    /// `key` → [English, Dutch, French]: the survey, ideas and event strings and the preference centre's.
    static let texts: [String: [String]] = surveyTexts.merging(PreferenceCentreCatalogue.texts) { first, _ in first }

    /// The strings of the survey, ideas and event pages.
    private static let surveyTexts: [String: [String]] = [
        "send": ["Send", "Versturen", "Envoyer"],
        "required_note": ["Questions marked * need an answer.", "Vragen met een * zijn verplicht.", "Les questions marquées * sont obligatoires."],
        "fix": ["Some answers need another look.", "Enkele antwoorden kloppen nog niet.", "Certaines réponses sont à revoir."],
        "thanks_title": ["Thank you!", "Dank je wel!", "Merci !"],
        "thanks_text": ["Your answers have been received. They help us do better.", "We hebben je antwoorden ontvangen. Ze helpen ons het beter te doen.",
                        "Nous avons bien reçu vos réponses. Elles nous aident à faire mieux."],
        "answered_title": ["You have already answered", "Je hebt deze vragenlijst al ingevuld", "Vous avez déjà répondu"],
        "answered_text": ["Thank you: this link takes one answer, and we have yours.", "Dank je: via deze link kun je één keer antwoorden, en dat heb je al gedaan.",
                          "Merci : ce lien n'accepte qu'une réponse, et nous avons la vôtre."],
        "closed_title": ["This survey is not open", "Deze vragenlijst is niet open", "Ce questionnaire n'est pas ouvert"],
        "closed_text": ["It is not taking answers at the moment.", "Er kunnen nu geen antwoorden worden gegeven.", "Il n'accepte pas de réponses pour le moment."],
        "unknown_title": ["This link does not work", "Deze link werkt niet", "Ce lien ne fonctionne pas"],
        "unknown_text": ["It may have expired or been copied incompletely. Please contact us if you expected a survey here.",
                         "Misschien is hij verlopen of niet helemaal overgenomen. Neem contact met ons op als je hier een vragenlijst verwachtte.",
                         "Il a peut-être expiré ou été mal recopié. Contactez-nous si vous attendiez un questionnaire ici."],
        "busy_title": ["Too many requests", "Te veel verzoeken", "Trop de requêtes"],
        "busy_text": ["Please wait a minute and try again.", "Wacht even een minuut en probeer het dan opnieuw.", "Veuillez patienter une minute et réessayer."],
        "too_long_title": ["That was too long", "Dat was te lang", "C'était trop long"],
        "too_long_text": ["Please shorten your answers and send them again.", "Maak je antwoorden wat korter en verstuur ze opnieuw.",
                          "Veuillez raccourcir vos réponses et les renvoyer."],
        "nps_low": ["Not at all likely", "Helemaal niet waarschijnlijk", "Pas du tout probable"],
        "nps_high": ["Extremely likely", "Zeer waarschijnlijk", "Très probable"],
        "csat_low": ["Very dissatisfied", "Zeer ontevreden", "Très insatisfait"],
        "csat_high": ["Very satisfied", "Zeer tevreden", "Très satisfait"],
        "problem_required": ["Please answer this question.", "Beantwoord deze vraag.", "Veuillez répondre à cette question."],
        "problem_not_a_whole_number": ["Please choose a number.", "Kies een getal.", "Veuillez choisir un nombre."],
        "problem_out_of_range": ["Please choose one of the numbers shown.", "Kies een van de getoonde getallen.", "Veuillez choisir l'un des nombres proposés."],
        "problem_unknown_option": ["Please choose from the options shown.", "Kies uit de getoonde mogelijkheden.", "Veuillez choisir parmi les options proposées."],
        "problem_one_only": ["Please choose one answer.", "Kies één antwoord.", "Veuillez choisir une seule réponse."],
        "problem_too_long": ["Please keep this under 5,000 characters.", "Houd dit onder de 5.000 tekens.", "Veuillez rester sous 5 000 caractères."],
        "language": ["Language", "Taal", "Langue"],
        "ideas_title": ["Ideas board", "Ideeënbord", "Boîte à idées"],
        "ideas_intro": ["Tell us what we should do, and vote for the ideas you like.", "Vertel ons wat we zouden moeten doen, en stem op de ideeën die je goed vindt.",
                        "Dites-nous ce que nous devrions faire, et votez pour les idées qui vous plaisent."],
        "idea_title": ["Your idea in a few words", "Je idee in een paar woorden", "Votre idée en quelques mots"],
        "idea_body": ["Tell us more (optional)", "Vertel er meer over (niet verplicht)", "Dites-nous en plus (facultatif)"],
        "idea_propose": ["Propose", "Voorstellen", "Proposer"],
        "idea_vote": ["Vote", "Stem", "Voter"],
        "idea_votes": ["votes", "stemmen", "votes"],
        "idea_added": ["Thank you! Your idea is on the board.", "Dank je! Je idee staat op het bord.", "Merci ! Votre idée est sur le tableau."],
        "idea_invalid": ["Please give your idea a title of 3 to 120 characters, and say more in at most 2,000.",
                         "Geef je idee een titel van 3 tot 120 tekens, en vertel er in hoogstens 2.000 tekens meer over.",
                         "Donnez à votre idée un titre de 3 à 120 caractères, et dites-en plus en 2 000 caractères au plus."],
        "vote_counted": ["Thank you, your vote is counted.", "Dank je, je stem is geteld.", "Merci, votre vote est compté."],
        "vote_already_voted": ["You have already voted for this idea.", "Je hebt al op dit idee gestemd.", "Vous avez déjà voté pour cette idée."],
        "vote_address_limit": ["Enough votes for this idea have come from your connection.", "Er zijn al genoeg stemmen voor dit idee via jouw verbinding gekomen.",
                               "Assez de votes pour cette idée sont déjà venus de votre connexion."],
        "no_ideas": ["No ideas yet: be the first.", "Nog geen ideeën: wees de eerste.", "Pas encore d'idées : soyez le premier."],
        "event_when": ["When", "Wanneer", "Quand"], "event_where": ["Where", "Waar", "Où"],
        "event_places_left": ["Places left:", "Nog vrije plaatsen:", "Places restantes :"],
        "event_register": ["Register", "Inschrijven", "S'inscrire"],
        "given_name": ["First name", "Voornaam", "Prénom"], "family_name": ["Last name", "Achternaam", "Nom"], "email": ["Email", "E-mail", "E-mail"],
        "event_registered": ["You are registered. Keep this personal link to see your registration and, afterwards, tell us how it was:",
                             "Je bent ingeschreven. Bewaar deze persoonlijke link om je inschrijving te zien en ons achteraf te vertellen hoe het was:",
                             "Vous êtes inscrit. Gardez ce lien personnel pour voir votre inscription et, ensuite, nous dire comment c'était :"],
        "event_registered_again": ["You are already registered. Use the personal link you were given, or ask us for help.",
                                   "Je bent al ingeschreven. Gebruik de persoonlijke link die je kreeg, of vraag ons om hulp.",
                                   "Vous êtes déjà inscrit. Utilisez le lien personnel reçu, ou demandez-nous de l'aide."],
        "event_full": ["This event is full.", "Dit evenement is vol.", "Cet événement est complet."],
        "event_closed": ["This event takes no registrations.", "Voor dit evenement kun je je niet inschrijven.", "Cet événement n'accepte pas d'inscriptions."],
        "event_invalid": ["Please give your name and a valid email address.", "Vul je naam en een geldig e-mailadres in.",
                          "Veuillez indiquer votre nom et une adresse e-mail valide."],
        "registration_title": ["Your registration", "Je inschrijving", "Votre inscription"],
        "registration_open": ["You are registered. We look forward to seeing you.", "Je bent ingeschreven. We kijken ernaar uit je te zien.",
                              "Vous êtes inscrit. Nous nous réjouissons de vous voir."],
        "registration_attended": ["Thank you for coming!", "Bedankt voor je komst!", "Merci d'être venu !"],
        "registration_survey": ["Tell us how it was", "Vertel ons hoe het was", "Dites-nous comment c'était"],
        "survey_already_answered": ["You have already told us how it was. Thank you!", "Je hebt ons al verteld hoe het was. Dank je!",
                                    "Vous nous avez déjà dit comment c'était. Merci !"], "idea_status_under_review": ["Under review", "Wordt bekeken", "À l'étude"],
        "idea_status_planned": ["Planned", "Gepland", "Prévue"], "idea_status_in_progress": ["In progress", "Bezig", "En cours"],
        "idea_status_done": ["Done", "Gedaan", "Réalisée"], "idea_status_declined": ["Declined", "Afgewezen", "Refusée"],
        "privacy": ["Your answers are used only to improve our work with you.", "We gebruiken je antwoorden alleen om ons werk met jou te verbeteren.",
                    "Vos réponses servent uniquement à améliorer notre travail avec vous."],
    ]

    /// Every string of a language, by key.
    static func strings(_ language: Language) -> [String: String] {
        let index = Language.allCases.firstIndex(of: language) ?? 0
        return texts.mapValues { $0[index] }
    }
}

/// The public pages' templates: a plain mobile-first frame without staff navigation, the survey form and a message.
enum PublicTemplates {
    /// The frame.
    static let layout = """
        <!doctype html>
        <html lang="{{language}}">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="robots" content="noindex">
        <title>{{title}}{{#organisation}} · {{organisation}}{{/organisation}}</title>
        <link rel="stylesheet" href="/assets/kindred.css">
        </head>
        <body class="public">
        <main id="main">
        {{#organisation}}<p class="organisation">{{organisation}}</p>{{/organisation}}
        {{$main}}{{/main}}
        <nav class="languages" aria-label="{{t.language}}">{{#languages}}<a href="?lang={{code}}" lang="{{code}}" hreflang="{{code}}" {{#selected}}aria-current="true"{{/selected}}>{{name}}</a> {{/languages}}</nav>
        </main>
        </body>
        </html>
        """

    /// A survey's form; each question a fieldset, its problem (if any) beside it.
    static let survey = """
        {{<public-layout}}{{$main}}
        <h1>{{title}}</h1>
        {{#intro}}<p class="intro">{{intro}}</p>{{/intro}}
        {{#hasProblems}}<p class="error" role="alert" id="survey-problems">{{t.fix}}</p>{{/hasProblems}}
        <form method="post" action="{{action}}" class="survey" id="survey-form">
          <input type="hidden" name="lang" value="{{language}}">
          {{#csrf}}<input type="hidden" name="_csrf" value="{{csrf}}">{{/csrf}}
          {{#questions}}
          <fieldset class="question{{#problem}} invalid{{/problem}}" id="question-{{key}}">
            <legend>{{text}}{{#required}} <span aria-hidden="true">*</span>{{/required}}</legend>
            {{#problem}}<p class="error" id="problem-{{key}}">{{problem}}</p>{{/problem}}
            {{#hasChoices}}<div class="choices{{#numbers}} numbers{{/numbers}}">{{#choices}}<label class="choice"><input type="{{type}}" name="{{name}}" value="{{value}}" {{#checked}}checked{{/checked}}><span>{{label}}</span></label>{{/choices}}</div>
            {{#ends}}<p class="ends"><span>{{low}}</span><span>{{high}}</span></p>{{/ends}}{{/hasChoices}}
            {{#isText}}<textarea name="{{name}}" id="answer-{{key}}" rows="4" maxlength="5000" aria-label="{{text}}">{{value}}</textarea>{{/isText}}
            {{#followUp}}<label for="why-{{key}}">{{followUp}}</label><textarea name="why.{{key}}" id="why-{{key}}" rows="3" maxlength="5000">{{reason}}</textarea>{{/followUp}}
          </fieldset>
          {{/questions}}
          <p class="note">{{t.required_note}} {{t.privacy}}</p>
          <button type="submit" id="send-answers">{{t.send}}</button>
        </form>
        {{/main}}{{/public-layout}}
        """

    /// A message page: thanks, already answered, closed, unknown link, too many requests.
    static let message = """
        {{<public-layout}}{{$main}}
        <h1 id="message-title">{{title}}</h1>
        <p id="message-text">{{text}}</p>
        {{/main}}{{/public-layout}}
        """
}
