import GateCore
import GateRules
import XCTest

/// NestJS decorators and global guards that look like protection without giving any: `@Throttle()` only sets the
/// limits `ThrottlerGuard` applies, and a global `RolesGuard` lets routes that name no roles through.
final class NestGuardBindingTests: XCTestCase {
    private static func controller(decorators: String, classDecorators: String = "") -> String {
        """
        import { Body, Controller, Post, UseGuards } from '@nestjs/common';
        import { Throttle, ThrottlerGuard } from '@nestjs/throttler';
        import OpenAI from 'openai';

        const openai = new OpenAI();

        \(classDecorators)@Controller('ai')
        export class AiController {
        \(decorators)
          @Post('ask')
          async ask(@Body() body: { prompt: string }) {
            return openai.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: body.prompt }] });
          }
        }
        """
    }

    private static func appModule(guardClass: String) -> String {
        """
        import { Module } from '@nestjs/common';
        import { APP_GUARD } from '@nestjs/core';
        import { AiController } from './ai/ai.controller';
        import { \(guardClass) } from './auth/guards';

        @Module({
          controllers: [AiController],
          providers: [{ provide: APP_GUARD, useClass: \(guardClass) }],
        })
        export class AppModule {}
        """
    }

    private let path = "src/ai/ai.controller.ts"

    func testThrottleWithoutAThrottlerGuardLimitsNothing() {
        let throttled = Self.controller(decorators: "  @Throttle({ default: { limit: 3, ttl: 60000 } })")
        XCTAssertEqual(EndpointGuardScopeTests.openRoutes(path, head: [path: throttled]), ["ask (@Post)"])
        // The guard bound on the route or the class, or globally, applies the limits.
        let bound = Self.controller(decorators: "  @UseGuards(ThrottlerGuard)\n  @Throttle({ default: { limit: 3, ttl: 60000 } })")
        XCTAssertEqual(EndpointGuardScopeTests.openRoutes(path, head: [path: bound]), [])
        let classBound = Self.controller(
            decorators: "  @Throttle({ default: { limit: 3, ttl: 60000 } })", classDecorators: "@UseGuards(ThrottlerGuard)\n")
        XCTAssertEqual(EndpointGuardScopeTests.openRoutes(path, head: [path: classBound]), [])
        XCTAssertEqual(EndpointGuardScopeTests.openRoutes(path, head: [
            path: throttled, "src/app.module.ts": Self.appModule(guardClass: "ThrottlerGuard"),
        ]), [])
    }

    func testAGlobalRolesGuardGuardsOnlyControllersThatNameRoles() {
        let open = Self.controller(decorators: "")
        XCTAssertEqual(EndpointGuardScopeTests.openRoutes(path, head: [
            path: open, "src/app.module.ts": Self.appModule(guardClass: "RolesGuard"),
        ]), ["ask (@Post)"])
        // A route that names roles is checked by it.
        let roles = Self.controller(decorators: "  @Roles(Role.Admin)")
        XCTAssertEqual(EndpointGuardScopeTests.openRoutes(path, head: [
            path: roles, "src/app.module.ts": Self.appModule(guardClass: "RolesGuard"),
        ]), [])
        // A global authentication guard guards every route, roles or not.
        XCTAssertEqual(EndpointGuardScopeTests.openRoutes(path, head: [
            path: open, "src/app.module.ts": Self.appModule(guardClass: "JwtAuthGuard"),
        ]), [])
    }
}
