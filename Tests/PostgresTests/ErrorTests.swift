import Foundation
import Postgres
import Testing
import TestSupport

@Suite struct ErrorTests {
    let db: TestDatabase
    init() throws {
        db = try TestDatabase.create(prefix: "errors")
        try db.connect().execute(unsafeSQL: """
            CREATE TABLE people (email text PRIMARY KEY, age int CHECK (age >= 0));
            CREATE TABLE orders (id int PRIMARY KEY, email text NOT NULL REFERENCES people(email));
            """)
    }

    @Test func uniqueViolationIsPatternMatchedAndRedacted() throws {
        let conn = try db.connect()
        let email = "alice.secret@example.com"
        try conn.execute("INSERT INTO people (email) VALUES (\(email))")
        do {
            try conn.execute("INSERT INTO people (email) VALUES (\(email))")
            Issue.record("expected unique violation")
        } catch SQLState.uniqueViolation {
            // matched by SQLSTATE
        }
        do {
            try conn.execute("INSERT INTO people (email) VALUES (\(email))")
        } catch let error as PostgresError {
            #expect(error.sqlState == .uniqueViolation)
            #expect(error.constraintName == "people_pkey")
            #expect(error.tableName == "people")
            #expect(error.detail == "Key (email)=(<redacted>) already exists.")
            #expect(!error.description.contains("alice"))
            #expect(error.description.contains("23505"))
            #expect(!error.isConnectionError)
        }
    }

    @Test func otherStatesMatch() throws {
        let conn = try db.connect()
        #expect(throws: PostgresError.self) { try conn.query("SELECT * FROM missing_table") }
        var matched: [SQLState] = []
        let attempts: [(SQLState, Query)] = [
            (.undefinedTable, "SELECT * FROM missing_table"),
            (.syntaxError, "SELEC 1"),
            (.foreignKeyViolation, "INSERT INTO orders VALUES (1, \("nobody@example.com"))"),
            (.checkViolation, "INSERT INTO people VALUES (\("bob@example.com"), \(-1))"),
            (.notNullViolation, "INSERT INTO orders (id) VALUES (2)"),
            (.invalidTextRepresentation, "SELECT \("not-a-uuid")::uuid"),
            (.undefinedColumn, "SELECT nope FROM people"),
        ]
        for (expected, query) in attempts {
            do {
                try conn.query(query)
            } catch SQLState.undefinedTable { matched.append(.undefinedTable)
            } catch SQLState.syntaxError { matched.append(.syntaxError)
            } catch SQLState.foreignKeyViolation { matched.append(.foreignKeyViolation)
            } catch SQLState.checkViolation { matched.append(.checkViolation)
            } catch SQLState.notNullViolation { matched.append(.notNullViolation)
            } catch SQLState.invalidTextRepresentation { matched.append(.invalidTextRepresentation)
            } catch let error as PostgresError { matched.append(error.sqlState ?? "?????") }
            #expect(matched.last == expected)
        }
        #expect(matched.count == attempts.count)
    }

    @Test func valuesInMessagesAreRedacted() throws {
        let conn = try db.connect()
        do {
            try conn.query("SELECT \("+7 916 555-12-34 phone")::uuid")
        } catch let error as PostgresError {
            #expect(error.message == #"invalid input syntax for type uuid: "<redacted>""#)
            #expect(!error.description.contains("916"))
        }
        do {
            try conn.query("INSERT INTO people VALUES (\("carol@example.com"), \(-5))")
        } catch let error as PostgresError {
            #expect(error.sqlState == .checkViolation)
            #expect(!error.description.contains("carol"))
            #expect(error.detail == "Failing row contains (<redacted>).")
        }
        do {
            try conn.query("SELECT \(#"{"secret": dave@example.com}"#)::jsonb")
        } catch let error as PostgresError {
            #expect(!error.description.contains("dave"))
        }
    }

    @Test func connectionFailureIsConnectionError() throws {
        do {
            _ = try Connection("host=/nonexistent-socket-dir port=5432 dbname=x connect_timeout=2")
            Issue.record("expected failure")
        } catch let error as PostgresError {
            #expect(error.kind == .connectionFailed)
            #expect(error.isConnectionError)
            #expect((error as any Error).isConnectionError)
        }
    }

    @Test func terminatedBackendIsConnectionLost() throws {
        let victim = try db.connect()
        let killer = try db.connect()
        try killer.query("SELECT pg_terminate_backend(\(victim.backendPID))")
        do {
            try victim.query("SELECT 1")
            Issue.record("expected connection error")
        } catch {
            #expect(error.isConnectionError)
            if case SQLState.adminShutdown = error {} else {
                #expect((error as? PostgresError)?.kind == .connectionLost)
            }
        }
        #expect(!victim.isOpen)
    }

    @Test func connectByURL() throws {
        let socket = db.cluster.configuration.socketDirectory
        let url = "postgresql://postgres@/\(db.name)?host=\(socket)&port=\(db.cluster.configuration.port)"
        let conn = try Connection(url)
        #expect(try conn.query("SELECT current_database()").first?.decode(0, as: String.self) == db.name)
    }
}
