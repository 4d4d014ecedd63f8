import KindredCore

/// The names of stored values (gift channels, devices, interaction types…) in English, Dutch and French, by vocabulary
/// and value; a value without a name here (an interaction type an organisation made up) is shown with spaces.
enum VocabularyLabels {
    /// `vocabulary.value` → [English, Dutch, French].
    static let names: [String: [String]] = [
        "gift_channel.online": ["Online", "Online", "En ligne"], "gift_channel.mail": ["Post", "Post", "Courrier"],
        "gift_channel.phone": ["Phone", "Telefoon", "Téléphone"], "gift_channel.event": ["Event", "Evenement", "Événement"],
        "gift_channel.peer_to_peer": ["Peer-to-peer", "Via een actievoerder", "Collecte entre pairs"],
        "gift_channel.in_person": ["In person", "Persoonlijk", "En personne"],
        "gift_channel.bank_transfer": ["Bank transfer", "Overschrijving", "Virement"], "gift_channel.other": ["Other", "Overig", "Autre"],
        "frequency.monthly": ["Monthly", "Maandelijks", "Mensuel"], "frequency.quarterly": ["Quarterly", "Per kwartaal", "Trimestriel"],
        "frequency.yearly": ["Yearly", "Jaarlijks", "Annuel"],
        "consent_channel.email": ["Email", "E-mail", "E-mail"], "consent_channel.phone": ["Phone", "Telefoon", "Téléphone"],
        "consent_channel.sms": ["SMS", "Sms", "SMS"], "consent_channel.post": ["Post", "Post", "Courrier"],
        "consent_channel.whatsapp": ["WhatsApp", "WhatsApp", "WhatsApp"], "consent_channel.social": ["Social media", "Sociale media", "Réseaux sociaux"],
        "gift_status.completed": ["Completed", "Voltooid", "Effectué"], "gift_status.refunded": ["Refunded", "Terugbetaald", "Remboursé"],
        "gift_status.pending": ["Pending", "In behandeling", "En attente"], "gift_status.failed": ["Failed", "Mislukt", "Échoué"],
        "device.desktop": ["Desktop", "Computer", "Ordinateur"], "device.mobile": ["Mobile", "Mobiel", "Mobile"],
        "device.tablet": ["Tablet", "Tablet", "Tablette"], "device.unknown": ["Unknown", "Onbekend", "Inconnu"],
        "match.email": ["email", "e-mail", "e-mail"], "match.phone": ["phone", "telefoon", "téléphone"],
        "match.name_postal_code": ["name and postcode", "naam en postcode", "nom et code postal"],
        "match.name_address": ["name and address", "naam en adres", "nom et adresse"],
        "relationship.caregiver_of": ["caregiver of", "zorgt voor", "aidant de"], "relationship.referred_by": ["referred by", "aangebracht door", "recommandé par"],
        "relationship.employee_of": ["employee of", "werknemer van", "employé de"],
        "relationship.household_member": ["household member", "gezinslid", "membre du foyer"], "relationship.custom": ["related", "verwant", "lié"],
        "channel.email": ["Email", "E-mail", "E-mail"], "channel.web": ["Web", "Web", "Web"], "channel.social": ["Social media", "Sociale media", "Réseaux sociaux"],
        "channel.phone": ["Phone", "Telefoon", "Téléphone"], "channel.event": ["Event", "Evenement", "Événement"], "channel.staff": ["Staff", "Medewerker", "Équipe"],
        "channel.online": ["Online", "Online", "En ligne"], "channel.mail": ["Post", "Post", "Courrier"], "channel.other": ["Other", "Overig", "Autre"],
        "import_kind.constituents": ["People", "Personen", "Personnes"], "import_kind.gifts": ["Gifts", "Giften", "Dons"],
        "import_kind.interactions": ["Interactions", "Interacties", "Interactions"],
        "merge_field.kind": ["Kind", "Soort", "Type"], "merge_field.givenName": ["Given name", "Voornaam", "Prénom"],
        "merge_field.familyName": ["Family name", "Achternaam", "Nom de famille"], "merge_field.displayName": ["Display name", "Weergavenaam", "Nom affiché"],
        "merge_field.address": ["Address", "Adres", "Adresse"], "merge_field.preferredLanguage": ["Language", "Taal", "Langue"],
        "segment_kind.dynamic": ["Rule", "Regel", "Règle"], "segment_kind.static": ["Fixed list", "Vaste lijst", "Liste fixe"],
        "interaction.email_opened": ["Email opened", "E-mail geopend", "E-mail ouvert"],
        "interaction.email_link_clicked": ["Email link clicked", "Link in e-mail geklikt", "Lien d’e-mail cliqué"],
        "interaction.email_forwarded": ["Email forwarded", "E-mail doorgestuurd", "E-mail transféré"],
        "interaction.email_bounced": ["Email bounced", "E-mail onbestelbaar", "E-mail rejeté"],
        "interaction.email_complaint": ["Email complaint", "Klacht over e-mail", "Plainte sur un e-mail"],
        "interaction.article_read": ["Article read", "Artikel gelezen", "Article lu"], "interaction.page_viewed": ["Page viewed", "Pagina bekeken", "Page vue"],
        "interaction.site_searched": ["Site searched", "Gezocht op de site", "Recherche sur le site"],
        "interaction.video_watched": ["Video watched", "Video bekeken", "Vidéo regardée"],
        "interaction.newsletter_subscribed": ["Newsletter subscribed", "Ingeschreven op nieuwsbrief", "Abonné à la lettre"],
        "interaction.newsletter_unsubscribed": ["Newsletter unsubscribed", "Uitgeschreven van nieuwsbrief", "Désabonné de la lettre"],
        "interaction.post_liked": ["Post liked", "Bericht geliket", "Publication aimée"], "interaction.post_shared": ["Post shared", "Bericht gedeeld", "Publication partagée"],
        "interaction.post_commented": ["Post commented", "Reactie op bericht", "Publication commentée"],
        "interaction.social_followed": ["Followed on social media", "Volgt op sociale media", "Abonné sur les réseaux"],
        "interaction.referral_made": ["Referred someone", "Iemand aangebracht", "A recommandé quelqu’un"],
        "interaction.fundraising_page_created": ["Fundraising page created", "Actiepagina gemaakt", "Page de collecte créée"],
        "interaction.supporter_recruited": ["Supporter recruited", "Supporter geworven", "Sympathisant recruté"],
        "interaction.petition_signed": ["Petition signed", "Petitie getekend", "Pétition signée"],
        "interaction.comment_posted": ["Comment posted", "Reactie geplaatst", "Commentaire publié"],
        "interaction.survey_answered": ["Survey answered", "Enquête ingevuld", "Enquête répondue"],
        "interaction.feedback_given": ["Feedback given", "Feedback gegeven", "Avis donné"], "interaction.idea_submitted": ["Idea submitted", "Idee ingediend", "Idée proposée"],
        "interaction.complaint": ["Complaint", "Klacht", "Plainte"], "interaction.event_registered": ["Event registered", "Ingeschreven voor evenement", "Inscrit à un événement"],
        "interaction.event_attended": ["Event attended", "Evenement bijgewoond", "Présent à un événement"],
        "interaction.volunteer_shift_completed": ["Volunteer shift", "Vrijwilligersdienst", "Mission bénévole"],
        "feedback_channel.email": ["Email", "E-mail", "E-mail"], "feedback_channel.phone": ["Phone", "Telefoon", "Téléphone"],
        "feedback_channel.review": ["Review site", "Reviewsite", "Site d’avis"], "feedback_channel.social": ["Social media", "Sociale media", "Réseaux sociaux"],
        "feedback_channel.in_person": ["In person", "Persoonlijk", "En personne"], "feedback_channel.web": ["Web", "Web", "Web"],
        "feedback_channel.survey": ["Survey", "Enquête", "Enquête"], "rating_scale.nps": ["NPS", "NPS", "NPS"], "rating_scale.csat": ["CSAT", "CSAT", "CSAT"],
        "interaction.meeting": ["Meeting", "Afspraak", "Rendez-vous"], "interaction.note": ["Note", "Notitie", "Note"], "interaction.gift": ["Gift", "Gift", "Don"],
        "interaction.donation_form_started": ["Donation form started", "Donatieformulier begonnen", "Formulaire de don commencé"],
        "interaction.donation_form_error": ["Donation form error", "Fout in donatieformulier", "Erreur du formulaire de don"],
        "interaction.donation_completed": ["Donation completed", "Donatie voltooid", "Don effectué"],
    ]

    /// The name of `value` of `vocabulary` in `language`.
    static func label(_ vocabulary: String, _ value: String, _ language: Language) -> String {
        guard let names = names["\(vocabulary).\(value)"] else { return value.replacingOccurrences(of: "_", with: " ") }
        switch language {
        case .en: return names[0]
        case .nl: return names[1]
        case .fr: return names[2]
        }
    }

    /// Options for a select of every value of a vocabulary, labelled in `language`.
    static func options<V: Vocabulary>(_ type: V.Type, _ vocabulary: String, _ language: Language, selected: V? = nil) -> [FilterOption] {
        V.allCases.map { FilterOption(value: $0.rawValue, label: label(vocabulary, $0.rawValue, language), selected: $0 == selected) }
    }
}
