/// One entry of a scheduler's configuration (`summary_backfill:` of sidekiq-cron's `config/schedule.yml`, a
/// Kubernetes CronJob, a whenever `runner`, a Laravel `$schedule->command(…)`): where it is declared, how often it
/// runs when that is told, and the code it runs. What batch-model-call reads of a changed schedule.
public struct ScheduleEntry: Sendable {
    /// The entry's name where the configuration gives one (the YAML key, the CronJob's `metadata.name`).
    public var name: String?
    /// The line that declares it: its key, its `kind: CronJob`, the call naming its job.
    public var line: Int
    /// Its timing as written (`"0 2 * * *"`, `every: 1m`, `every minute`, `laravel:everyFiveMinutes`), when told.
    public var timing: String?
    /// The line of its timing's value.
    public var timingLine: Int?
    /// The code it runs.
    public var targets: [ScheduledEntryPoint]

    /// How many times a day the entry runs, when its timing is written in a form read here: a cron expression (five
    /// fields, or six with seconds first), a cron macro (`@hourly`, `@every 1m`), a duration (`1m`, `30s`, `2h`,
    /// `1d`, systemd's `15min`), fugit's words (`every minute`, `every 5 minutes`, `every day at 9am`), a Laravel
    /// frequency method or systemd's `OnCalendar=` shorthands (`hourly`, `daily`).
    /// Averaged over a week: `0 8 * * 1` runs 1/7 times a day.
    public var runsPerDay: Double? { timing.flatMap(Self.runsPerDay(of:)) }

    public static func runsPerDay(of timing: String) -> Double? {
        let text = timing.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
        if text.hasPrefix("laravel:") { return laravelRunsPerDay[String(timing.dropFirst(8))] }
        switch text {
        case "@yearly", "@annually": return 1.0 / 365
        case "@monthly": return 1.0 / 30
        case "@weekly": return 1.0 / 7
        case "@daily", "@midnight": return 1
        case "@hourly": return 24
        // systemd's `OnCalendar=` shorthands.
        case "minutely": return 1_440
        case "hourly": return 24
        case "daily": return 1
        case "weekly": return 1.0 / 7
        case "monthly": return 1.0 / 30
        case "quarterly": return 1.0 / 91
        case "semiannually": return 1.0 / 182
        case "yearly", "annually": return 1.0 / 365
        default: break
        }
        if text.hasPrefix("@every ") { return durationRunsPerDay(String(text.dropFirst(7))) }
        if text.hasPrefix("every ") { return wordsRunsPerDay(String(text.dropFirst(6))) }
        if let duration = durationRunsPerDay(text) { return duration }
        return cronRunsPerDay(text)
    }

    /// Laravel's frequency methods, by runs a day.
    static let laravelRunsPerDay: [String: Double] = [
        "everySecond": 86_400, "everyTwoSeconds": 43_200, "everyFiveSeconds": 17_280, "everyTenSeconds": 8_640,
        "everyFifteenSeconds": 5_760, "everyTwentySeconds": 4_320, "everyThirtySeconds": 2_880,
        "everyMinute": 1_440, "everyTwoMinutes": 720, "everyThreeMinutes": 480, "everyFourMinutes": 360,
        "everyFiveMinutes": 288, "everyTenMinutes": 144, "everyFifteenMinutes": 96, "everyThirtyMinutes": 48,
        "hourly": 24, "hourlyAt": 24, "everyOddHour": 12, "everyTwoHours": 12, "everyThreeHours": 8,
        "everyFourHours": 6, "everySixHours": 4, "daily": 1, "dailyAt": 1, "twiceDaily": 2, "twiceDailyAt": 2,
        "weekly": 1.0 / 7, "weeklyOn": 1.0 / 7, "monthly": 1.0 / 30, "monthlyOn": 1.0 / 30, "twiceMonthly": 2.0 / 30,
        "lastDayOfMonth": 1.0 / 30, "quarterly": 1.0 / 91, "yearly": 1.0 / 365,
    ]

    private static let secondsPerUnit: [String: Double] = [
        "s": 1, "sec": 1, "secs": 1, "second": 1, "seconds": 1,
        "m": 60, "min": 60, "mins": 60, "minute": 60, "minutes": 60,
        "h": 3_600, "hr": 3_600, "hrs": 3_600, "hour": 3_600, "hours": 3_600,
        "d": 86_400, "day": 86_400, "days": 86_400, "w": 604_800, "week": 604_800, "weeks": 604_800,
    ]

    /// `1m`, `30s`, `1h30m`, `2 hours`: runs a day of an interval.
    private static func durationRunsPerDay(_ text: String) -> Double? {
        var seconds = 0.0
        var number = ""
        var unit = ""
        var found = false
        func flush() -> Bool {
            guard let value = Double(number), let scale = secondsPerUnit[unit] else { return false }
            seconds += value * scale
            number = ""
            unit = ""
            found = true
            return true
        }
        for character in text where character != " " {
            if character.isNumber || character == "." {
                if !unit.isEmpty, !flush() { return nil }
                number.append(character)
            } else if character.isLetter {
                guard !number.isEmpty else { return nil }
                unit.append(character)
            } else {
                return nil
            }
        }
        guard !number.isEmpty, flush(), found, seconds > 0 else { return nil }
        return 86_400 / seconds
    }

    /// fugit's words after `every`: `minute`, `5 minutes`, `hour`, `day at 9am`, `monday at 8am`.
    private static func wordsRunsPerDay(_ text: String) -> Double? {
        let words = text.split(separator: " ").map(String.init)
        guard let first = words.first else { return nil }
        if let count = Double(first), words.count >= 2, let scale = secondsPerUnit[words[1]] {
            return 86_400 / (count * scale)
        }
        if let scale = secondsPerUnit[first] { return 86_400 / scale }
        let weekdays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "weekday"]
        if first == "weekday" { return 5.0 / 7 }
        if weekdays.contains(first) { return 1.0 / 7 }
        return nil
    }

    /// A cron expression's runs a day: five fields (minute hour day month weekday), or six with seconds first.
    private static func cronRunsPerDay(_ text: String) -> Double? {
        var fields = text.split(separator: " ").map(String.init)
        guard fields.count == 5 || fields.count == 6 else { return nil }
        var seconds = 1.0
        if fields.count == 6 {
            guard let count = count(of: fields.removeFirst(), in: 0...59) else { return nil }
            seconds = count
        }
        guard let minutes = count(of: fields[0], in: 0...59), let hours = count(of: fields[1], in: 0...23),
              let days = count(of: fields[2], in: 1...31), let months = count(of: fields[3], in: 1...12),
              let weekdays = count(of: fields[4], in: 0...6)
        else { return nil }
        // Days of the month and of the week narrow the days it runs on (cron runs on either when both are set;
        // this stays conservative and takes the narrower).
        let dayShare = min(fields[2] == "*" ? 1 : days / 30, fields[4] == "*" ? 1 : weekdays / 7)
        return seconds * minutes * hours * dayShare * (months / 12)
    }

    /// How many values a cron field takes in `range`: `*`, `*/5`, `1-5`, `1-30/10`, `1,15`, `mon-fri`, `?`.
    private static func count(of field: String, in range: ClosedRange<Int>) -> Double? {
        var total = 0.0
        for part in field.split(separator: ",") {
            let pieces = part.split(separator: "/", maxSplits: 1)
            let step = pieces.count == 2 ? Int(pieces[1]) : 1
            guard let step, step > 0, let span = pieces.first else { return nil }
            var low = range.lowerBound
            var high = range.upperBound
            if span == "*" || span == "?" {
            } else if let dash = span.firstIndex(of: "-") {
                let from = span[..<dash]
                let to = span[span.index(after: dash)...]
                if let from = Int(from), let to = Int(to) {
                    low = from
                    high = to
                } else if from.allSatisfy(\.isLetter), to.allSatisfy(\.isLetter) {
                    // Named days or months: only their count matters.
                    let names = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]
                    guard let a = names.firstIndex(of: String(from)), let b = names.firstIndex(of: String(to)) else { return nil }
                    low = a
                    high = b
                } else {
                    return nil
                }
            } else if Int(span) != nil || span.allSatisfy(\.isLetter) {
                // One value, or one from here by the step (`5/15`).
                if pieces.count == 1 {
                    total += 1
                    continue
                }
                low = Int(span) ?? range.lowerBound
            } else {
                return nil
            }
            guard high >= low else { return nil }
            total += Double((high - low) / step + 1)
        }
        return total > 0 ? total : nil
    }
}
