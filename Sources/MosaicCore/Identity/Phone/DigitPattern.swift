/// A tiny pattern over the digits of a national significant number, so the number-plan
/// table reads like the plans themselves: `[2-9]dd[2-9]d{6}` is a NANP number.
///
/// Syntax: a digit matches itself, `d` any digit, `[..]` a class (`[3489]`, `[2-9]`),
/// and `{n}` / `{n,m}` repeats the atom before it. Matching is anchored at both ends.
struct DigitPattern: Sendable, Equatable {
    struct Atom: Sendable, Equatable {
        /// Bit i set when digit i is allowed.
        var digits: UInt16
        var min: Int
        var max: Int
    }

    let atoms: [Atom]
    let source: String

    /// Shortest and longest number this pattern matches.
    var lengths: ClosedRange<Int> {
        atoms.reduce(0) { $0 + $1.min }...atoms.reduce(0) { $0 + $1.max }
    }

    /// `nil` for a malformed pattern; the table's patterns are checked by a test.
    init?(_ source: String) {
        var atoms: [Atom] = []
        var chars = Array(source.unicodeScalars)[...]
        while let c = chars.popFirst() {
            switch c {
            case "0"..."9":
                atoms.append(Atom(digits: 1 << UInt16(c.value - 48), min: 1, max: 1))
            case "d":
                atoms.append(Atom(digits: 0x3FF, min: 1, max: 1))
            case "[":
                var mask: UInt16 = 0
                var previous: UInt32?
                var closed = false
                while let d = chars.popFirst() {
                    if d == "]" { closed = true; break }
                    if d == "-", let low = previous, let high = chars.first, ("0"..."9").contains(high) {
                        chars.removeFirst()
                        guard low <= high.value - 48 else { return nil }
                        for v in low...(high.value - 48) { mask |= 1 << UInt16(v) }
                        previous = nil
                    } else if ("0"..."9").contains(d) {
                        mask |= 1 << UInt16(d.value - 48)
                        previous = d.value - 48
                    } else {
                        return nil
                    }
                }
                guard closed, mask != 0 else { return nil }
                atoms.append(Atom(digits: mask, min: 1, max: 1))
            case "{":
                guard !atoms.isEmpty else { return nil }
                var body = ""
                var closed = false
                while let d = chars.popFirst() {
                    if d == "}" { closed = true; break }
                    body.unicodeScalars.append(d)
                }
                let bounds = body.split(separator: ",", omittingEmptySubsequences: false).map { Int($0) }
                guard closed, bounds.count == 1 || bounds.count == 2,
                    let low = bounds[0], let high = bounds.last ?? nil, 1 <= low, low <= high, high <= 15
                else { return nil }
                atoms[atoms.count - 1].min = low
                atoms[atoms.count - 1].max = high
            default:
                return nil
            }
        }
        guard !atoms.isEmpty else { return nil }
        self.atoms = atoms
        self.source = source
    }

    /// Whether `digits` (values 0–9) match the whole pattern.
    func matches(_ digits: [UInt8]) -> Bool {
        guard lengths.contains(digits.count) else { return false }
        return match(atom: 0, at: 0, digits)
    }

    /// Backtracking is fine here: at most 15 digits and a handful of atoms.
    private func match(atom index: Int, at position: Int, _ digits: [UInt8]) -> Bool {
        guard index < atoms.count else { return position == digits.count }
        let atom = atoms[index]
        var taken = 0
        var cursor = position
        while taken < atom.min {
            guard cursor < digits.count, atom.allows(digits[cursor]) else { return false }
            cursor += 1
            taken += 1
        }
        while true {
            if match(atom: index + 1, at: cursor, digits) { return true }
            guard taken < atom.max, cursor < digits.count, atom.allows(digits[cursor]) else { return false }
            cursor += 1
            taken += 1
        }
    }
}

extension DigitPattern.Atom {
    func allows(_ digit: UInt8) -> Bool { digit < 10 && digits & (1 << UInt16(digit)) != 0 }
}
