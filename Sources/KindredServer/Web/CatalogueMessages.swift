/// The strings of the staff's message pages (templates, sending, a person's messages and preferences) in English,
/// Dutch and French, by key; each language's catalogue takes its column.
enum MessageCatalogue {
    /// `key` → [English, Dutch, French].
    static let texts: [String: [String]] = [
        "nav_messages": ["Messages", "Berichten", "Messages"],
        "messages_title": ["Messages", "Berichten", "Messages"],
        "messages_intro": ["Nothing is sent to anyone who has not consented to the channel; caps, quiet hours and declined topics are checked for every person, when queued and again when sent.",
                           "Niemand krijgt iets via een kanaal waarvoor hij geen toestemming gaf; limieten, stille uren en geweigerde onderwerpen worden voor elke persoon nagekeken, bij het inplannen en opnieuw bij het versturen.",
                           "Rien n'est envoyé à qui n'a pas consenti au canal ; plafonds, heures calmes et sujets refusés sont vérifiés pour chaque personne, à la mise en file et à nouveau à l'envoi."],
        "templates": ["Templates", "Sjablonen", "Modèles"],
        "no_templates": ["No templates yet.", "Nog geen sjablonen.", "Pas encore de modèles."],
        "template_new": ["New template", "Nieuw sjabloon", "Nouveau modèle"],
        "template_name": ["Name", "Naam", "Nom"],
        "template_channel": ["Channel", "Kanaal", "Canal"],
        "template_topic": ["Topic (supporters can decline it)", "Onderwerp (supporters kunnen het weigeren)", "Sujet (les sympathisants peuvent le refuser)"],
        "template_no_topic": ["No topic", "Geen onderwerp", "Aucun sujet"],
        "template_subject": ["Subject", "Onderwerp", "Objet"],
        "template_body": ["Text", "Tekst", "Texte"],
        "template_placeholders": ["Placeholders:", "Invulvelden:", "Champs :"],
        "template_track": ["Track opens and clicks", "Openen en klikken bijhouden", "Suivre ouvertures et clics"],
        "template_create": ["Create template", "Sjabloon aanmaken", "Créer le modèle"],
        "template_languages": ["Languages", "Talen", "Langues"],
        "send_to_segment": ["Send to", "Versturen naar", "Envoyer à"],
        "send_at": ["At (empty: now, within the allowed hours)", "Op (leeg: nu, binnen de toegestane uren)", "À (vide : maintenant, aux heures permises)"],
        "send": ["Send", "Versturen", "Envoyer"],
        "send_summary": ["Queued: {queued}. Not sent (no consent, cap, declined topic…): {suppressed}.", "Ingepland: {queued}. Niet verstuurd (geen toestemming, limiet, geweigerd onderwerp…): {suppressed}.",
                         "En file : {queued}. Non envoyés (pas de consentement, plafond, sujet refusé…) : {suppressed}."],
        "recent_messages": ["Recent messages", "Recente berichten", "Messages récents"],
        "no_messages": ["No messages yet.", "Nog geen berichten.", "Pas encore de messages."],
        "message_to": ["To", "Aan", "À"],
        "message_status_queued": ["Queued", "Ingepland", "En file"], "message_status_sent": ["Sent", "Verstuurd", "Envoyé"],
        "message_status_suppressed": ["Not sent", "Niet verstuurd", "Non envoyé"], "message_status_failed": ["Failed", "Mislukt", "Échec"],
        "messages_and_preferences": ["Messages and preferences", "Berichten en voorkeuren", "Messages et préférences"],
        "preferences_current": ["Their choices", "Hun keuzes", "Leurs choix"],
        "preferences_channels": ["Channels", "Kanalen", "Canaux"],
        "preferences_declined": ["Declined topics", "Geweigerde onderwerpen", "Sujets refusés"],
        "preferences_frequency": ["How often", "Hoe vaak", "Fréquence"],
        "preferences_wishes": ["Would like to", "Wil graag", "Souhaite"],
        "preferences_history": ["What they chose, and when", "Wat ze kozen, en wanneer", "Ce qu'ils ont choisi, et quand"],
        "no_preferences": ["Nothing chosen yet.", "Nog niets gekozen.", "Rien de choisi pour l'instant."],
        "preference_link_make": ["Make a preference centre link", "Link naar het voorkeurencentrum maken", "Créer un lien vers le centre de préférences"],
        "preference_link_once": ["Give the supporter this link (shown only now):", "Geef de supporter deze link (alleen nu getoond):", "Donnez ce lien au sympathisant (affiché seulement maintenant) :"],
        "none": ["none", "geen", "aucun"],
    ]

    /// The strings of the language in column `index` (0 English, 1 Dutch, 2 French).
    static func strings(_ index: Int) -> [String: String] { texts.mapValues { $0[index] } }
}
