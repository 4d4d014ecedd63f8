import KindredCore
import SQLKit

/// How households, relationships, campaigns/projects/funds, interactions and consent records are stored.
enum OtherRecords {
    static let household = TableMapping<HouseholdFields>(
        table: "households", entity: "household", ownership: .shared, ownerColumns: [],
        externalReference: { fields in fields.externalId.map { (fields.source ?? "", $0) } },
        columns: { [("name", $0.name), ("source", $0.source), ("external_id", $0.externalId)] },
        decode: { row in
            HouseholdFields(name: try row.text("name"), source: try row.optionalText("source"), externalId: try row.optionalText("external_id"))
        })

    static let relationship = TableMapping<RelationshipFields>(
        table: "relationships", entity: "relationship",
        ownership: .constituents { [("fromId", $0.fromId), ("toId", $0.toId)] }, ownerColumns: ["from_id", "to_id"],
        externalReference: { _ in nil },
        columns: { fields in
            [("from_id", fields.fromId), ("to_id", fields.toId), ("kind", fields.kind.rawValue), ("custom_kind", fields.customKind),
             ("caregiver_kind", fields.caregiverKind?.rawValue), ("started_on", fields.startedOn?.description),
             ("ended_on", fields.endedOn?.description), ("note", fields.note)]
        },
        decode: { row in
            RelationshipFields(
                fromId: try row.text("from_id"), toId: try row.text("to_id"), kind: try row.vocabulary("kind"),
                customKind: try row.optionalText("custom_kind"), caregiverKind: try row.optionalVocabulary("caregiver_kind"),
                startedOn: try row.optionalDate("started_on"), endedOn: try row.optionalDate("ended_on"), note: try row.optionalText("note"))
        })

    /// The mapping of one of the three catalogue tables (campaigns, projects, funds).
    static func designation(_ kind: DesignationKind) -> TableMapping<DesignationFields> {
        TableMapping(
            table: kind.rawValue + "s", entity: kind.rawValue, ownership: .shared, ownerColumns: [],
            externalReference: { fields in fields.externalId.map { (fields.source ?? "", $0) } },
            columns: { fields in
                [("name", fields.name), ("code", fields.code), ("description", fields.description), ("goal_minor", fields.goalMinor),
                 ("currency", fields.currency?.code), ("starts_on", fields.startsOn?.description), ("ends_on", fields.endsOn?.description),
                 ("source", fields.source), ("external_id", fields.externalId)]
            },
            decode: { row in
                DesignationFields(
                    name: try row.text("name"), code: try row.optionalText("code"), description: try row.optionalText("description"),
                    goalMinor: try row.optionalInt64("goal_minor"), currency: try row.optionalText("currency").flatMap(Currency.init(code:)),
                    startsOn: try row.optionalDate("starts_on"), endsOn: try row.optionalDate("ends_on"),
                    source: try row.optionalText("source"), externalId: try row.optionalText("external_id"))
            })
    }

    static let interaction = TableMapping<InteractionFields>(
        table: "interactions", entity: "interaction",
        ownership: .constituents { [("constituentId", $0.constituentId)] }, ownerColumns: ["constituent_id"],
        externalReference: { fields in fields.externalId.map { (fields.source ?? "", $0) } },
        columns: { fields in
            [("constituent_id", fields.constituentId), ("type", fields.type), ("channel", fields.channel),
             ("occurred_at", fields.occurredAt.description), ("direction", fields.direction.rawValue),
             ("properties", jsonText(fields.properties)), ("source", fields.source), ("external_id", fields.externalId)]
        },
        decode: { row in
            InteractionFields(
                constituentId: try row.text("constituent_id"), type: try row.text("type"), channel: try row.text("channel"),
                occurredAt: try row.timestamp("occurred_at"), direction: try row.vocabulary("direction"),
                properties: try row.jsonObject("properties"), source: try row.optionalText("source"),
                externalId: try row.optionalText("external_id"))
        })

    static let consent = TableMapping<ConsentFields>(
        table: "consent_records", entity: "consent_record",
        ownership: .constituents { [("constituentId", $0.constituentId)] }, ownerColumns: ["constituent_id"],
        externalReference: { _ in nil },
        columns: { fields in
            [("constituent_id", fields.constituentId), ("channel", fields.channel.rawValue), ("status", fields.status.rawValue),
             ("recorded_at", fields.recordedAt.description), ("source", fields.source), ("note", fields.note)]
        },
        decode: { row in
            ConsentFields(
                constituentId: try row.text("constituent_id"), channel: try row.vocabulary("channel"), status: try row.vocabulary("status"),
                recordedAt: try row.timestamp("recorded_at"), source: try row.text("source"), note: try row.optionalText("note"))
        })
}
