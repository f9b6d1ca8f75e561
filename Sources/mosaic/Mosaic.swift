import ArgumentParser

@main
struct Mosaic: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Mosaic customer data platform")
    func run() throws { print("mosaic") }
}
