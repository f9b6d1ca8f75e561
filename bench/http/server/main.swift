// A stand-in for `mosaic serve` with MOSAIC_BENCH_ROUTES=1, so the transport can be measured
// before the application exists: the same two routes, the same server defaults.
import HTTP
import Logging
#if canImport(Glibc)
import Glibc
#endif

var port = 8080
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    if argument == "--port", let value = arguments.popFirst(), let number = Int(value) { port = number }
}

var logger = Logger(label: "bench.http")
logger.logLevel = .warning

let router = Router()
router.add(.post, "/bench/noop", options: RouteOptions(inline: true)) { _, _ in Response(status: .noContent) }
router.add(.get, "/health", options: RouteOptions(inline: true)) { _, _ in .json(.ok, #"{"status":"ok"}"#) }

let server = Server(configuration: Server.Configuration(host: "127.0.0.1", port: port),
                    responder: router.buildResponder(), logger: logger)
do {
    try server.start()
} catch {
    logger.critical("cannot start", metadata: ["error": "\(error)"])
    exit(1)
}
server.runUntilSignalled(gracePeriod: .seconds(2))
