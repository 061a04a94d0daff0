@testable import GateCode
import XCTest

/// Which directories an app file has `@fastify/autoload` load, in order, and with which hook options.
final class FastifyAutoloadTests: XCTestCase {
    private func loaded(_ source: String) -> [CodeIndex.AutoloadedDirectory] {
        CodeIndex.autoloadedDirectories(in: Lexer.lex(Array(source.utf8), language: .javascript), appDirectory: "src")
    }

    func testDirectoriesInRegistrationOrderWithTheirHookOptions() {
        let app = """
            const path = require('node:path')
            const AutoLoad = require('@fastify/autoload')

            module.exports = async function (fastify, opts) {
              fastify.register(AutoLoad, { dir: path.join(__dirname, 'plugins'), options: Object.assign({}, opts) })
              fastify.register(AutoLoad, { dir: path.join(__dirname, 'routes'), autoHooks: true, cascadeHooks: true })
              fastify.register(require('@fastify/autoload'), { dir: path.join(__dirname, 'admin'), autoHooks: true })
              fastify.register(import('@fastify/autoload'), { dir: path.join(__dirname, 'hooks') })
              fastify.register(require('@fastify/cors'), { origin: true })
            }
            """
        XCTAssertEqual(loaded(app), [
            CodeIndex.AutoloadedDirectory(path: "src/plugins"),
            CodeIndex.AutoloadedDirectory(path: "src/routes", autoHooks: true, cascadeHooks: true),
            CodeIndex.AutoloadedDirectory(path: "src/admin", autoHooks: true),
            CodeIndex.AutoloadedDirectory(path: "src/hooks"),
        ])
        // `autoHooks: false` is no option set.
        XCTAssertEqual(loaded("fastify.register(AutoLoad, { dir: path.join(__dirname, 'routes'), autoHooks: false })"),
                       [CodeIndex.AutoloadedDirectory(path: "src/routes")])
    }

    func testAHookFileGuardsWhenItsRequestHookRefuses() {
        let refusing = "export default async function (fastify) {\n  fastify.addHook('onRequest', async (request, reply) => {\n"
            + "    if (!request.session.user) reply.unauthorized('sign in')\n  })\n}\n"
        XCTAssertTrue(CodeIndex.isGuardingFastifyHooks(Array(refusing.utf8)))
        XCTAssertFalse(CodeIndex.isGuardingFastifyPlugin(Array(refusing.utf8)), "not wrapped in fastify-plugin: no app-wide plugin")
        let logging = "export default async function (fastify) {\n  fastify.addHook('onRequest', async (request) => {\n"
            + "    request.log.info({ url: request.url })\n  })\n}\n"
        XCTAssertFalse(CodeIndex.isGuardingFastifyHooks(Array(logging.utf8)))
    }
}
