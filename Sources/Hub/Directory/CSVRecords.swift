/// One CSV record: its fields and the line it starts on.
struct CSVRecord {
    /// The 1-based line where the record starts.
    let line: Int
    /// The fields, unquoted.
    var fields: [String]
    /// What is wrong with its quoting, if anything.
    var problem: String?

    /// A line with nothing on it.
    var isBlank: Bool { fields.count == 1 && fields[0].allSatisfy(\.isWhitespace) && problem == nil }
}

/// RFC 4180 records, with the separator the first line uses (`;`, `,` or tab).
enum CSVRecords {
    static func split(_ text: String) -> [CSVRecord] {
        let scalars = Array(text.unicodeScalars)
        let separator = detectSeparator(scalars)
        var records: [CSVRecord] = []
        var line = 1
        var index = 0
        while index < scalars.count {
            var record = CSVRecord(line: line, fields: [])
            var field = String.UnicodeScalarView()
            var inQuotes = false
            var wasQuoted = false
            var ended = false
            while index < scalars.count, !ended {
                let scalar = scalars[index]
                index += 1
                if inQuotes {
                    if scalar == "\"" {
                        if index < scalars.count, scalars[index] == "\"" {
                            field.append("\"")
                            index += 1
                        } else {
                            inQuotes = false
                        }
                    } else {
                        if scalar == "\n" || (scalar == "\r" && (index >= scalars.count || scalars[index] != "\n")) {
                            line += 1
                        }
                        field.append(scalar)
                    }
                    continue
                }
                switch scalar {
                case "\"" where field.allSatisfy({ $0 == " " }) && !wasQuoted:
                    field.removeAll()
                    inQuotes = true
                    wasQuoted = true
                case separator:
                    record.fields.append(String(field))
                    field = String.UnicodeScalarView()
                    wasQuoted = false
                case "\r", "\n":
                    if scalar == "\r", index < scalars.count, scalars[index] == "\n" { index += 1 }
                    line += 1
                    ended = true
                default:
                    if wasQuoted, scalar != " ", record.problem == nil {
                        record.problem = "text after a closing quote"
                    }
                    field.append(scalar)
                }
            }
            if inQuotes { record.problem = "a quoted field is not closed" }
            record.fields.append(String(field))
            records.append(record)
        }
        return records
    }

    /// The separator the first line uses most, outside quotes.
    static func detectSeparator(_ scalars: [Unicode.Scalar]) -> Unicode.Scalar {
        var counts: [Unicode.Scalar: Int] = [";": 0, ",": 0, "\t": 0]
        var inQuotes = false
        for scalar in scalars {
            if scalar == "\"" { inQuotes.toggle() }
            if !inQuotes, scalar == "\n" || scalar == "\r" { break }
            if !inQuotes, counts[scalar] != nil { counts[scalar]! += 1 }
        }
        return [";", ",", "\t"].max { counts[$0]! < counts[$1]! } ?? ";"
    }
}
