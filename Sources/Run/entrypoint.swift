import App
import Logging
import Vapor

#if canImport(Glibc)
    import Glibc
#endif

@main
enum Entrypoint {
    static func main() async throws {
        var env = try Environment.detect()
        try LoggingSystem.bootstrap(from: &env)
        let app = try await Application.make(env)
        // A clear line for whoever typed the command and a failing exit code; no backtrace.
        do {
            try await configure(app)
        } catch {
            try? await app.asyncShutdown()
            FileHandle.standardError.write(Data("ishc: \(String(describing: error))\n".utf8))
            exit(1)
        }
        do {
            try await app.execute()
        } catch {
            // The console has already printed the command's error.
            try? await app.asyncShutdown()
            exit(1)
        }
        try await app.asyncShutdown()
    }
}
