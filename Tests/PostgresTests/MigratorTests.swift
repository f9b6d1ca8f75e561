import Dispatch
import Foundation
import Postgres
import Synchronization
import Testing
import TestSupport

@Suite struct MigratorTests {
    func directory(_ files: [String: String]) throws -> String {
        let path = NSTemporaryDirectory() + "migrations-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        for (name, sql) in files {
            try sql.write(toFile: path + "/" + name, atomically: true, encoding: .utf8)
        }
        return path
    }

    let files = [
        "0001_create_people.sql": "CREATE TABLE people (id bigserial PRIMARY KEY, email text);",
        "0002_add_index.sql": "CREATE INDEX people_email ON people (email); INSERT INTO people (email) VALUES ('seed');",
        "0010_orders.sql": "CREATE TABLE orders (id int PRIMARY KEY);",
        "README.md": "ignored",
    ]

    @Test func appliesInOrderOnceAndRecords() throws {
        let db = try TestDatabase.create(prefix: "migrate")
        let migrator = try Migrator(directory: try directory(files))
        let conn = try db.connect()
        #expect(try migrator.pendingMigrations(on: conn).map(\.version) == [1, 2, 10])
        #expect(try migrator.migrate(on: conn).map(\.version) == [1, 2, 10])
        #expect(try migrator.migrate(on: conn).isEmpty)
        #expect(try migrator.pendingMigrations(on: conn).isEmpty)
        let rows = try conn.query("SELECT version, name, checksum, applied_at FROM schema_migrations ORDER BY version")
        #expect(try rows.map { try $0.decode("name", as: String.self) } == ["create_people", "add_index", "orders"])
        #expect(try rows.map { try $0.decode("checksum", as: String.self) } == migrator.migrations.map(\.checksum))
        #expect(try conn.query("SELECT count(*) FROM people").first?.decode(0, as: Int.self) == 1)
    }

    @Test func concurrentMigratorsApplyEachOnce() throws {
        let db = try TestDatabase.create(prefix: "migrate")
        var many = files
        // A slow migration widens the race window.
        many["0003_slow.sql"] = "SELECT pg_sleep(0.3); INSERT INTO people (email) VALUES ('slow');"
        let migrator = try Migrator(directory: try directory(many))
        let applied = Mutex<[[Int]]>([])
        let failures = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            do {
                let conn = try db.connect()
                let versions = try migrator.migrate(on: conn).map(\.version)
                applied.withLock { $0.append(versions) }
            } catch {
                failures.withLock { $0.append("\(error)") }
            }
        }
        #expect(failures.withLock { $0 } == [])
        let all = applied.withLock { $0 }
        #expect(all.count == 4)
        #expect(all.flatMap { $0 }.sorted() == [1, 2, 3, 10])
        #expect(all.filter { !$0.isEmpty }.count == 1)
        let conn = try db.connect()
        #expect(try conn.query("SELECT count(*) FROM people").first?.decode(0, as: Int.self) == 2)
    }

    @Test func changedChecksumIsError() throws {
        let db = try TestDatabase.create(prefix: "migrate")
        let conn = try db.connect()
        try Migrator(directory: try directory(files)).migrate(on: conn)
        var edited = files
        edited["0002_add_index.sql"] = "CREATE INDEX people_email2 ON people (email);"
        edited["0011_more.sql"] = "CREATE TABLE more (x int);"
        let migrator = try Migrator(directory: try directory(edited))
        for attempt in [{ try migrator.migrate(on: conn) }, { try migrator.pendingMigrations(on: conn) }] {
            do {
                _ = try attempt()
                Issue.record("expected checksum mismatch")
            } catch let error as MigrationError {
                guard case .checksumMismatch(let version, let name, _, _) = error else {
                    Issue.record("wrong error \(error)"); continue
                }
                #expect(version == 2)
                #expect(name == "add_index")
            }
        }
        #expect(try conn.query("SELECT to_regclass('more') IS NULL").first?.decode(0, as: Bool.self) == true)
    }

    @Test func failingMigrationRollsBackAndNamesItself() throws {
        let db = try TestDatabase.create(prefix: "migrate")
        let conn = try db.connect()
        let migrator = try Migrator(directory: try directory([
            "1_ok.sql": "CREATE TABLE a (x int);",
            "2_bad.sql": "CREATE TABLE b (x int); SELEC broken;",
        ]))
        do {
            try migrator.migrate(on: conn)
            Issue.record("expected failure")
        } catch let error as MigrationError {
            guard case .failed(let version, let name, let underlying) = error else { Issue.record("\(error)"); return }
            #expect(version == 2)
            #expect(name == "bad")
            #expect(SQLState.syntaxError ~= underlying)
        }
        #expect(try conn.query("SELECT to_regclass('a') IS NOT NULL, to_regclass('b') IS NULL").first.map {
            try $0.decode(0, as: Bool.self) && $0.decode(1, as: Bool.self)
        } == true)
        #expect(try migrator.pendingMigrations(on: conn).map(\.version) == [2])
    }

    @Test(arguments: ["abc.sql", "0001.sql", "0001_.sql", "_name.sql", "0001_bad name.sql", "12a_x.sql", "0001_é.sql"])
    func badFileNamesAreRejected(_ name: String) throws {
        let path = try directory([name: "SELECT 1;"])
        #expect {
            _ = try Migrator(directory: path)
        } throws: { error in
            guard case MigrationError.badFileName(let file) = error else { return false }
            return file == name
        }
    }

    @Test func duplicateVersionsAreRejected() throws {
        let path = try directory(["0001_a.sql": "SELECT 1;", "1_b.sql": "SELECT 2;"])
        #expect {
            _ = try Migrator(directory: path)
        } throws: { error in
            guard case MigrationError.duplicateVersion(let version, let names) = error else { return false }
            return version == 1 && names == ["0001_a.sql", "1_b.sql"]
        }
        #expect(throws: MigrationError.self) { _ = try Migrator(directory: "/nonexistent/migrations") }
    }
}
