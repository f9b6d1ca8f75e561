/// One node of the routing tree: literal children win over `{param}` children, which win over a
/// trailing `{name...}` catch-all; matching backtracks so a literal that leads nowhere does not
/// hide a parameter route.
struct RouteNode: Sendable {
    struct ParameterEdge: Sendable {
        var name: String
        var node: RouteNode
    }

    var literals: [String: RouteNode] = [:]
    var parameters: [ParameterEdge] = []
    var catchAll: (name: String, routes: [Method: RouteEntry])?
    var routes: [Method: RouteEntry] = [:]

    enum Segment: Equatable {
        case literal(String)
        case parameter(String)
        case catchAll(String)

        init(_ text: Substring) {
            if text.hasPrefix("{") && text.hasSuffix("...}") {
                self = .catchAll(String(text.dropFirst().dropLast(4)))
            } else if text.hasPrefix("{") && text.hasSuffix("}") {
                self = .parameter(String(text.dropFirst().dropLast()))
            } else {
                self = .literal(String(text))
            }
        }
    }

    static func segments(of pattern: String) -> [Segment] {
        pattern.split(separator: "/", omittingEmptySubsequences: true).map(Segment.init)
    }

    /// Inserts `entry`; returns false when the same method and pattern shape already exist.
    mutating func insert(_ entry: RouteEntry, at segments: ArraySlice<Segment>) -> Bool {
        guard let first = segments.first else {
            if routes[entry.method] != nil { return false }
            routes[entry.method] = entry
            return true
        }
        let rest = segments.dropFirst()
        switch first {
        case .literal(let text):
            var child = literals[text] ?? RouteNode()
            let inserted = child.insert(entry, at: rest)
            literals[text] = child
            return inserted
        case .parameter(let name):
            if let index = parameters.firstIndex(where: { $0.name == name }) {
                return parameters[index].node.insert(entry, at: rest)
            }
            var child = RouteNode()
            let inserted = child.insert(entry, at: rest)
            parameters.append(ParameterEdge(name: name, node: child))
            return inserted
        case .catchAll(let name):
            precondition(rest.isEmpty, "a {\(name)...} catch-all must be the last segment of \(entry.pattern)")
            var existing = catchAll ?? (name: name, routes: [:])
            if existing.routes[entry.method] != nil { return false }
            existing.routes[entry.method] = entry
            catchAll = existing
            return true
        }
    }

    /// The routes of the first node that matches all `segments`, with captured parameters.
    func match(_ segments: ArraySlice<String>, parameters captured: inout [String: String]) -> [Method: RouteEntry]? {
        guard let first = segments.first else {
            if !routes.isEmpty { return routes }
            if let catchAll, !catchAll.routes.isEmpty {
                captured[catchAll.name] = ""
                return catchAll.routes
            }
            return nil
        }
        let rest = segments.dropFirst()
        if let child = literals[first], let found = child.match(rest, parameters: &captured) {
            return found
        }
        for edge in parameters {
            var attempt = captured
            attempt[edge.name] = first
            if let found = edge.node.match(rest, parameters: &attempt) {
                captured = attempt
                return found
            }
        }
        if let catchAll, !catchAll.routes.isEmpty {
            captured[catchAll.name] = segments.joined(separator: "/")
            return catchAll.routes
        }
        return nil
    }
}
