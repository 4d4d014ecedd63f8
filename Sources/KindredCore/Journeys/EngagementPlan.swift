import Foundation

/// What starts an engagement plan for a person; the plan's triggers fire by themselves as the data comes in.
public enum PlanTriggerKind: String, Vocabulary {
    /// The person entered the plan's segment.
    case segmentEntered = "segment_entered"
    /// The person left the plan's segment.
    case segmentLeft = "segment_left"
    /// The person's first counted gift.
    case firstGift = "first_gift"
    /// A completed gift of at least `amountMinor` in `currency`.
    case giftAbove = "gift_above"
    /// A recurring plan started.
    case recurringStarted = "recurring_started"
    /// A recurring plan was closed.
    case recurringCancelled = "recurring_cancelled"
    /// The person created a peer-to-peer fundraising page (the `fundraising_page_created` interaction).
    case fundraisingPageCreated = "fundraising_page_created"
    /// A detractor's answer: NPS 0–6.
    case detractorAnswer = "detractor_answer"
    /// The person moved into the journey stage `stage` (not their first placement).
    case stageChanged = "stage_changed"
    /// The person's overall engagement score fell by at least `points` against the trend's comparison point (about 90
    /// days before); checked once a day, a person enrols at most once a quarter.
    case engagementFell = "engagement_fell"
    /// The anniversary of the person's first gift (checked once a day; 29 February is kept on 28 February).
    case firstGiftAnniversary = "first_gift_anniversary"
}

/// A plan's trigger with what it needs: a segment for the segment triggers, an amount for `gift_above`, a stage for
/// `stage_changed`, points for `engagement_fell`.
public struct PlanTrigger: Sendable, Hashable, Codable {
    /// What starts the plan.
    public var kind: PlanTriggerKind
    /// The segment, for `segment_entered` and `segment_left`.
    public var segmentId: String?
    /// The threshold in minor units and its currency, for `gift_above`.
    public var amountMinor: Int64?, currency: Currency?
    /// The stage entered, for `stage_changed`.
    public var stage: JourneyStageKey?
    /// How many points (1–100) the score must fall, for `engagement_fell`.
    public var points: Int?

    /// Creates a trigger.
    public init(kind: PlanTriggerKind, segmentId: String? = nil, amountMinor: Int64? = nil, currency: Currency? = nil,
                stage: JourneyStageKey? = nil, points: Int? = nil) {
        (self.kind, self.segmentId, self.amountMinor, self.currency) = (kind, segmentId, amountMinor, currency)
        (self.stage, self.points) = (stage, points)
    }
}

/// What one step of a plan does.
public enum PlanAction: String, Vocabulary {
    /// Creates a staff task (e.g. a thank-you call within 48 hours).
    case createTask = "create_task"
    /// Queues a message from a template (consent, caps and quiet hours apply as to any message).
    case sendMessage = "send_message"
    /// Adds a tag.
    case addTag = "add_tag"
    /// Removes a tag.
    case removeTag = "remove_tag"
    /// Sends the `plan.step` webhook event.
    case callWebhook = "call_webhook"
}

/// One step: after a delay from the trigger (or the previous step), do something.
public struct PlanStep: Sendable, Hashable, Codable {
    /// Hours to wait after the previous step (or the trigger): 0 to 8,760.
    public var delayHours: Int
    /// What to do.
    public var action: PlanAction
    /// The task's title (`create_task`), or the tag (`add_tag`, `remove_tag`).
    public var text: String?
    /// The task's kind (`create_task`; a call by default).
    public var taskKind: TaskKind?
    /// The template (`send_message`).
    public var templateId: String?

    /// Creates a step.
    public init(delayHours: Int, action: PlanAction, text: String? = nil, taskKind: TaskKind? = nil, templateId: String? = nil) {
        (self.delayHours, self.action, self.text, self.taskKind, self.templateId) = (delayHours, action, text, taskKind, templateId)
    }
}

/// The validated fields of an engagement plan.
public struct EngagementPlanFields: Sendable, Hashable, Codable {
    /// A name staff recognise it by.
    public var name: String
    /// Whether its triggers fire (a paused plan still finishes the steps already scheduled).
    public var active: Bool
    /// What starts it.
    public var trigger: PlanTrigger
    /// A condition in the segment rule language the person must meet when each step runs (else the step is skipped).
    public var condition: String?
    /// The steps, in order.
    public var steps: [PlanStep]
    /// Whether steps falling on a Saturday or Sunday wait for Monday.
    public var skipWeekends: Bool
    /// Whether steps falling in the organisation's quiet hours (the messaging settings) wait until they end.
    public var quietHours: Bool

    /// Creates fields.
    public init(name: String, active: Bool, trigger: PlanTrigger, condition: String?, steps: [PlanStep], skipWeekends: Bool, quietHours: Bool = false) {
        (self.name, self.active, self.trigger, self.condition, self.steps, self.skipWeekends) = (name, active, trigger, condition, steps, skipWeekends)
        self.quietHours = quietHours
    }
}

/// An engagement plan as sent to the API.
public struct EngagementPlanInput: RecordInput {
    /// `EngagementPlanFields.name`; required.
    public var name: String?
    /// `EngagementPlanFields.active`; true when absent.
    public var active: Bool?
    /// `EngagementPlanFields.trigger`; required.
    public var trigger: PlanTrigger?
    /// `EngagementPlanFields.condition`.
    public var condition: String?
    /// `EngagementPlanFields.steps`; 1 to 20.
    public var steps: [PlanStep]?
    /// `EngagementPlanFields.skipWeekends`; false when absent.
    public var skipWeekends: Bool?
    /// `EngagementPlanFields.quietHours`; false when absent.
    public var quietHours: Bool?

    /// Creates an input.
    public init(name: String? = nil, active: Bool? = nil, trigger: PlanTrigger? = nil, condition: String? = nil, steps: [PlanStep]? = nil,
                skipWeekends: Bool? = nil, quietHours: Bool? = nil) {
        (self.name, self.active, self.trigger, self.condition, self.steps, self.skipWeekends) = (name, active, trigger, condition, steps, skipWeekends)
        self.quietHours = quietHours
    }

    /// Checks every field: the trigger has what its kind needs, the condition parses, each step has what its action needs.
    public func validated() throws(ValidationFailure) -> EngagementPlanFields {
        var issues = IssueCollector()
        let name = issues.text(name, "name", maxLength: 200, required: true)
        if let trigger = issues.required(trigger, "trigger") {
            let needsSegment = [.segmentEntered, .segmentLeft].contains(trigger.kind)
            if needsSegment { _ = issues.identifier(trigger.segmentId, "trigger.segmentId", required: true) }
            if !needsSegment && trigger.segmentId != nil { issues.add("trigger.segmentId", "is only for segment triggers") }
            if trigger.kind == .giftAbove {
                if !(1...maximumAmountMinor).contains(trigger.amountMinor ?? 0) { issues.add("trigger.amountMinor", "must be a positive amount in minor units") }
                if trigger.currency == nil { issues.add("trigger.currency", "is required with an amount") }
            } else if trigger.amountMinor != nil || trigger.currency != nil {
                issues.add("trigger.amountMinor", "is only for gift_above")
            }
            if trigger.kind == .stageChanged, trigger.stage == nil { issues.add("trigger.stage", "is required: the stage entered") }
            if trigger.kind != .stageChanged, trigger.stage != nil { issues.add("trigger.stage", "is only for stage_changed") }
            if trigger.kind == .engagementFell, !(1...100).contains(trigger.points ?? 0) { issues.add("trigger.points", "must be from 1 to 100") }
            if trigger.kind != .engagementFell, trigger.points != nil { issues.add("trigger.points", "is only for engagement_fell") }
        }
        let condition = issues.text(condition, "condition", maxLength: 2_000)
        if let condition {
            do { _ = try SegmentText.parse(condition) } catch { issues.add("condition", error.message + (error.offset.map { " (at character \($0 + 1))" } ?? "")) }
        }
        let steps = steps ?? []
        if steps.isEmpty || steps.count > 20 { issues.add("steps", "must have 1 to 20 steps") }
        for (index, step) in steps.enumerated() {
            let field = "steps[\(index)]"
            if !(0...8_760).contains(step.delayHours) { issues.add("\(field).delayHours", "must be from 0 to 8760 (a year)") }
            switch step.action {
            case .createTask, .addTag, .removeTag:
                let limit = step.action == .createTask ? 200 : 100
                if (step.text?.trimmingWhitespace() ?? "").isEmpty || (step.text?.count ?? 0) > limit { issues.add("\(field).text", "must be 1 to \(limit) characters") }
            case .sendMessage:
                _ = issues.identifier(step.templateId, "\(field).templateId", required: true)
            case .callWebhook:
                break
            }
        }
        try issues.throwIfAny()
        return EngagementPlanFields(name: name!, active: active ?? true, trigger: trigger!, condition: condition, steps: steps, skipWeekends: skipWeekends ?? false,
                                    quietHours: quietHours ?? false)
    }
}

/// When plan steps run.
public enum PlanSchedule {
    /// When a step `delayHours` after `start` runs: moved to the end of `quietHours` when it would fall in them, then to
    /// Monday at that time when it would fall on a weekend in `timeZone` and weekends are skipped.
    public static func due(after start: Timestamp, delayHours: Int, skipWeekends: Bool, quietHours: QuietHours? = nil, timeZone: TimeZone) -> Timestamp {
        var due = start.adding(milliseconds: Int64(delayHours) * 3_600_000)
        if let quietHours {
            due = MessagingSettings(quietHours: quietHours, skipWeekends: false).nextAllowedInstant(atOrAfter: due, timeZone: timeZone)
        }
        guard skipWeekends else { return due }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        for _ in 0..<2 {
            let weekday = calendar.component(.weekday, from: Date(timeIntervalSince1970: Double(due.millisecondsSinceEpoch) / 1000))
            if weekday == 1 || weekday == 7 { due = due.adding(milliseconds: 86_400_000) }
        }
        return due
    }

    /// Whether `day` is an anniversary of `first` (a later year, same month and day; 29 February kept on 28 February
    /// in other years).
    public static func isAnniversary(of first: CalendarDate, on day: CalendarDate) -> Bool {
        guard day.year > first.year, day.month == first.month else { return false }
        if first.day == day.day { return true }
        let leapDay = first.month == 2 && first.day == 29, leapYear = day.year % 4 == 0 && (day.year % 100 != 0 || day.year % 400 == 0)
        return leapDay && !leapYear && day.day == 28
    }
}
