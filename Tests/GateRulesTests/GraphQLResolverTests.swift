import GateCode
import GateCore
import GateRules
import XCTest

/// GraphQL resolvers as endpoints: each field a server resolves that reaches a paid call is reported by its operation
/// unless the resolver, its class, or the server that runs it refuses anonymous callers.
final class GraphQLResolverTests: XCTestCase {
    private func openRoutes(_ path: String, head files: [String: String]) -> [String] {
        EndpointGuardScopeTests.openRoutes(path, head: files)
    }

    // MARK: Apollo Server, graphql-yoga, Mercurius

    private static let openAIHelper = """
        import OpenAI from "openai";

        const openai = new OpenAI();

        export async function summarizeText(text: string) {
          const r = await openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: text }] });
          return r.choices[0].message.content;
        }
        """

    private func apolloResolvers(_ summarize: String) -> String {
        """
        import { summarizeText } from "../lib/ai";

        export const resolvers = {
          Query: {
            health: () => "ok",
          },
          Mutation: {
        \(summarize)
          },
        };
        """
    }

    func testAnApolloMutationReachingAPaidCallThroughAHelperIsAnOpenEndpoint() {
        let open = openRoutes("src/graphql/resolvers.ts", head: [
            "src/lib/ai.ts": Self.openAIHelper,
            "src/graphql/resolvers.ts": apolloResolvers("""
                    summarize: async (_parent: unknown, { text }: { text: string }) => summarizeText(text),
                """),
        ])
        XCTAssertEqual(open, ["GraphQL mutation summarize"])
    }

    func testAResolverCheckingTheCallerItsContextCarriesIsGuarded() {
        let checks = [
            "    summarize: async (_p, { text }, ctx) => {\n      if (!ctx.user) throw new GraphQLError(\"Sign in\");\n      return summarizeText(text);\n    },",
            "    async summarize(_p, { text }, { user }) {\n      if (!user) throw new Error(\"Sign in\");\n      return summarizeText(text);\n    },",
            "    summarize: async (_p, { text }, context) => {\n      const viewer = context.viewer;\n      if (viewer == null) throw new Error(\"Sign in\");\n      return summarizeText(text);\n    },",
        ]
        for check in checks {
            XCTAssertEqual(openRoutes("src/graphql/resolvers.ts", head: [
                "src/lib/ai.ts": Self.openAIHelper, "src/graphql/resolvers.ts": apolloResolvers(check),
            ]), [], check)
        }
        // Checking an argument that names an account checks the input, not the caller.
        let argument = "    summarize: async (_p, { accountId, text }, ctx) => {\n      if (!accountId) throw new Error(\"accountId is required\");\n      return summarizeText(text);\n    },"
        XCTAssertEqual(openRoutes("src/graphql/resolvers.ts", head: [
            "src/lib/ai.ts": Self.openAIHelper, "src/graphql/resolvers.ts": apolloResolvers(argument),
        ]), ["GraphQL mutation summarize"])
        // Reading the caller without checking it refuses nobody.
        let unchecked = "    summarize: async (_p, { text }, ctx) => {\n      const userId = ctx.user?.id ?? null;\n      return summarizeText(text + userId);\n    },"
        XCTAssertEqual(openRoutes("src/graphql/resolvers.ts", head: [
            "src/lib/ai.ts": Self.openAIHelper, "src/graphql/resolvers.ts": apolloResolvers(unchecked),
        ]), ["GraphQL mutation summarize"])
    }

    func testAServerContextThatRefusesAnonymousRequestsGuardsEveryResolver() {
        func server(_ context: String) -> [String: String] {
            [
                "src/lib/ai.ts": Self.openAIHelper,
                "src/graphql/resolvers.ts": apolloResolvers("    summarize: (_p, { text }) => summarizeText(text),"),
                "src/index.ts": """
                    import { ApolloServer } from "@apollo/server";
                    import { startStandaloneServer } from "@apollo/server/standalone";
                    import { GraphQLError } from "graphql";
                    import { typeDefs } from "./graphql/schema";
                    import { resolvers } from "./graphql/resolvers";
                    import { userFromToken } from "./lib/users";

                    const server = new ApolloServer({ typeDefs, resolvers });
                    await startStandaloneServer(server, {
                      \(context)
                    });
                    """,
            ]
        }
        let refusing = """
            context: async ({ req }) => {
                const user = await userFromToken(req.headers.authorization || "");
                if (!user) throw new GraphQLError("Not signed in", { extensions: { code: "UNAUTHENTICATED" } });
                return { user };
              },
            """
        XCTAssertEqual(openRoutes("src/graphql/resolvers.ts", head: server(refusing)), [])
        // Apollo Server 3's shorthand, the function declared above.
        XCTAssertEqual(openRoutes("src/graphql/resolvers.ts", head: [
            "src/lib/ai.ts": Self.openAIHelper,
            "src/graphql/resolvers.ts": apolloResolvers("    summarize: (_p, { text }) => summarizeText(text),"),
            "src/index.ts": """
                import { ApolloServer, AuthenticationError } from "apollo-server";
                import { typeDefs } from "./graphql/schema";
                import { resolvers } from "./graphql/resolvers";
                import { userFromToken } from "./lib/users";

                const context = async ({ req }) => {
                  const user = await userFromToken(req.headers.authorization || "");
                  if (!user) throw new AuthenticationError("Not signed in");
                  return { user };
                };

                new ApolloServer({ typeDefs, resolvers, context }).listen();
                """,
        ]), [])
        // A context that only reads who is calling lets everyone in.
        let reading = """
            context: async ({ req }) => ({ user: await userFromToken(req.headers.authorization || "") }),
            """
        XCTAssertEqual(openRoutes("src/graphql/resolvers.ts", head: server(reading)), ["GraphQL mutation summarize"])
    }

    func testMiddlewareMountedBeforeTheGraphQLHandlerGuardsEveryResolver() {
        func app(_ use: String) -> [String] {
            openRoutes("src/graphql/resolvers.ts", head: [
                "src/lib/ai.ts": Self.openAIHelper,
                "src/graphql/resolvers.ts": apolloResolvers("    summarize: (_p, { text }) => summarizeText(text),"),
                "src/graphql/schema.ts": """
                    import { makeExecutableSchema } from "@graphql-tools/schema";
                    import { typeDefs } from "./typeDefs";
                    import { resolvers } from "./resolvers";

                    export const schema = makeExecutableSchema({ typeDefs, resolvers });
                    """,
                "src/server.ts": """
                    import express from "express";
                    import { ApolloServer } from "@apollo/server";
                    import { expressMiddleware } from "@apollo/server/express4";
                    import { requireAuth } from "./auth";
                    import { schema } from "./graphql/schema";

                    const app = express();
                    const server = new ApolloServer({ schema });
                    await server.start();
                    \(use)
                    app.listen(4000);
                    """,
            ])
        }
        XCTAssertEqual(app("app.use(\"/graphql\", express.json(), requireAuth, expressMiddleware(server));"), [])
        XCTAssertEqual(app("app.use(\"/graphql\", express.json(), cors(), expressMiddleware(server));"), ["GraphQL mutation summarize"])
    }

    /// A guard word inside the GraphQL handler's own options (a context that reads the header and refuses nobody) is
    /// no middleware where the app mounts it; an inline middleware's body that refuses is.
    func testAGuardWordInTheHandlersOwnOptionsIsNoMiddleware() {
        func app(_ use: String) -> [String] {
            openRoutes("src/graphql/resolvers.ts", head: [
                "src/lib/ai.ts": Self.openAIHelper,
                "src/graphql/resolvers.ts": apolloResolvers("    summarize: (_p, { text }) => summarizeText(text),"),
                "src/server.ts": """
                    import express from "express";
                    import { ApolloServer } from "@apollo/server";
                    import { expressMiddleware } from "@apollo/server/express4";
                    import { resolvers } from "./graphql/resolvers";
                    import { typeDefs } from "./graphql/typeDefs";

                    const app = express();
                    const server = new ApolloServer({ typeDefs, resolvers });
                    await server.start();
                    \(use)
                    app.listen(4000);
                    """,
            ])
        }
        XCTAssertEqual(app("""
            app.use("/graphql", express.json(), expressMiddleware(server, { context: async ({ req }) => ({ auth: req.headers.authorization }) }));
            """), ["GraphQL mutation summarize"])
        XCTAssertEqual(app("""
            app.use("/graphql", express.json(), (req, res, next) => {
              if (!req.headers.authorization) return res.status(401).json({ error: "unauthorized" });
              next();
            }, expressMiddleware(server));
            """), [])
        XCTAssertEqual(app("app.use(\"/graphql\", express.json(), passport.authenticate(\"jwt\", { session: false }), expressMiddleware(server));"), [])
    }

    func testGraphQLShieldRulesGuardTheFieldsTheyName() {
        func shielded(_ rules: String) -> [String] {
            openRoutes("src/graphql/resolvers.ts", head: [
                "src/lib/ai.ts": Self.openAIHelper,
                "src/graphql/resolvers.ts": apolloResolvers("    summarize: (_p, { text }) => summarizeText(text),"),
                "src/graphql/permissions.ts": """
                    import { allow, rule, shield } from "graphql-shield";

                    const isAuthenticated = rule()(async (_parent, _args, ctx) => ctx.user !== null);

                    export const permissions = shield(\(rules));
                    """,
            ])
        }
        XCTAssertEqual(shielded("{ Mutation: { summarize: isAuthenticated } }"), [])
        XCTAssertEqual(shielded("{ Query: { health: allow } }, { fallbackRule: isAuthenticated }"), [])
        XCTAssertEqual(shielded("{ Mutation: { \"*\": allow } }"), ["GraphQL mutation summarize"])
        XCTAssertEqual(shielded("{ Mutation: { other: isAuthenticated } }"), ["GraphQL mutation summarize"])
    }

    func testAnSDLDirectiveOnTheFieldGuardsIt() {
        func schema(_ directive: String) -> [String] {
            openRoutes("src/schema.ts", head: ["src/schema.ts": """
                import OpenAI from "openai";
                import { createSchema } from "graphql-yoga";

                const openai = new OpenAI();

                export const schema = createSchema({
                  typeDefs: /* GraphQL */ `
                    type Mutation {
                      summarize(text: String!): String! \(directive)
                    }
                  `,
                  resolvers: {
                    Mutation: {
                      summarize: async (_p, { text }) => {
                        const r = await openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: text }] });
                        return r.choices[0].message.content;
                      },
                    },
                  },
                });
                """])
        }
        XCTAssertEqual(schema("@auth"), [])
        XCTAssertEqual(schema("@rateLimit(limit: 5, duration: 60)"), [])
        XCTAssertEqual(schema("@deprecated"), ["GraphQL mutation summarize"])
    }

    func testAServerThatIsAnHTTPHandlerIsJudgedResolverByResolver() {
        func route(_ rewrite: String) -> [String] {
            openRoutes("pages/api/graphql.ts", head: ["pages/api/graphql.ts": """
                import { createSchema, createYoga } from "graphql-yoga";
                import OpenAI from "openai";

                const openai = new OpenAI();

                export default createYoga({
                  schema: createSchema({
                    typeDefs: `type Mutation { summarize(text: String!): String rewrite(text: String!): String }`,
                    resolvers: {
                      Mutation: {
                        summarize: async (_p, { text }, ctx) => {
                          if (!ctx.user) throw new Error("Sign in");
                          const r = await openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: text }] });
                          return r.choices[0].message.content;
                        },
                        rewrite: async (_p, { text }, ctx) => {
                          \(rewrite)
                          const r = await openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: text }] });
                          return r.choices[0].message.content;
                        },
                      },
                    },
                  }),
                  graphqlEndpoint: "/api/graphql",
                });
                """])
        }
        // One finding, for the open resolver: not the route as a whole, and not guarded by its sibling's check.
        XCTAssertEqual(route("console.log(text.length);"), ["GraphQL mutation rewrite"])
        XCTAssertEqual(route("if (!ctx.user) throw new Error(\"Sign in\");"), [])
    }

    func testAResolverNamedByTheMapIsTheFunctionItNames() {
        let files = [
            "src/lib/ai.ts": Self.openAIHelper,
            "src/resolvers/mutations/summarize.ts": """
                import { summarizeText } from "../../lib/ai";

                export async function summarize(_parent, { text }, ctx) {
                  return summarizeText(text);
                }
                """,
            "src/resolvers/mutations/guarded.ts": """
                import { summarizeText } from "../../lib/ai";

                export async function rewrite(_parent, { text }, ctx) {
                  if (!ctx.currentUser) throw new Error("Sign in");
                  return summarizeText(text);
                }
                """,
            "src/resolvers/index.ts": """
                import { summarize } from "./mutations/summarize";
                import { rewrite } from "./mutations/guarded";

                export const Mutation = {
                  summarize,
                  rewriteText: rewrite,
                };
                """,
        ]
        XCTAssertEqual(openRoutes("src/resolvers/index.ts", head: files), ["GraphQL mutation summarize"])
    }

    func testAMapNamedForItsMutationsIsAResolverMapOnlyBesideAGraphQLServer() {
        func module(_ imports: String) -> [String] {
            openRoutes("server/schema/aiResolvers.js", head: ["server/schema/aiResolvers.js": """
                \(imports)
                const OpenAI = require("openai");

                const openai = new OpenAI();

                module.exports = {
                  mutations: {
                    async generatePrompt(_, args) {
                      const r = await openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: args.type }] });
                      return { prompt: r.choices[0].message.content };
                    },
                  },
                };
                """])
        }
        XCTAssertEqual(module("const { GraphQLError } = require(\"graphql\");"), ["GraphQL mutation generatePrompt"])
        // A Vuex store's mutations are no resolvers.
        XCTAssertEqual(module("const Vuex = require(\"vuex\");"), [])
    }

    func testExpressGraphQLRootValueFields() {
        func app(_ use: String) -> [String] {
            openRoutes("server/app.js", head: ["server/app.js": """
                const express = require("express");
                const { graphqlHTTP } = require("express-graphql");
                const { buildSchema } = require("graphql");
                const OpenAI = require("openai");
                const isAuth = require("./middleware/is-auth");

                const openai = new OpenAI();
                const schema = buildSchema(`
                  type Query { hello: String }
                  type Mutation { summarize(text: String!): String }
                `);

                const root = {
                  hello: () => "hi",
                  summarize: async ({ text }) => {
                    const r = await openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: text }] });
                    return r.choices[0].message.content;
                  },
                };

                const app = express();
                \(use)
                app.listen(4000);
                """])
        }
        XCTAssertEqual(app("app.use(\"/graphql\", graphqlHTTP({ schema, rootValue: root }));"), ["GraphQL resolver summarize"])
        XCTAssertEqual(app("app.use(\"/graphql\", isAuth, graphqlHTTP({ schema, rootValue: root }));"), [])
    }

    func testAGraphQLClientIsNoEndpoint() {
        let client = openRoutes("src/components/Summarize.tsx", head: [
            "src/components/Summarize.tsx": """
                import { gql, useMutation } from "@apollo/client";

                const SUMMARIZE = gql`
                  mutation Summarize($text: String!) {
                    summarize(text: $text)
                  }
                `;

                export function Summarize() {
                  const [summarize] = useMutation(SUMMARIZE);
                  return <button onClick={() => summarize({ variables: { text: "hi" } })}>Summarize</button>;
                }
                """,
        ])
        XCTAssertEqual(client, [])
    }

    // MARK: TypeGraphQL, NestJS, Pothos

    func testTypeGraphQLAndNestResolverMethods() {
        func typeGraphQL(_ decorators: String) -> [String] {
            openRoutes("src/resolvers/SummaryResolver.ts", head: ["src/resolvers/SummaryResolver.ts": """
                import { Arg, Authorized, Mutation, Query, Resolver } from "type-graphql";
                import OpenAI from "openai";

                const openai = new OpenAI();

                @Resolver()
                export class SummaryResolver {
                  @Query(() => String)
                  health(): string {
                    return "ok";
                  }

                  \(decorators)
                  async summarize(@Arg("text") text: string): Promise<string> {
                    const r = await openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: text }] });
                    return r.choices[0].message.content ?? "";
                  }
                }
                """])
        }
        XCTAssertEqual(typeGraphQL("@Mutation(() => String)"), ["GraphQL mutation summarize"])
        XCTAssertEqual(typeGraphQL("@Authorized()\n  @Mutation(() => String)"), [])
        // The context a TypeGraphQL method takes by `@Ctx()`, destructured and checked.
        func withContext(_ check: String) -> [String] {
            openRoutes("src/resolvers/DraftResolver.ts", head: ["src/resolvers/DraftResolver.ts": """
                import { Arg, Ctx, Mutation, Resolver } from "type-graphql";
                import OpenAI from "openai";

                const openai = new OpenAI();

                @Resolver()
                export class DraftResolver {
                  @Mutation(() => String)
                  async draft(@Arg("text") text: string, @Ctx() { user }: AppContext): Promise<string> {
                    \(check)
                    const r = await openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: text }] });
                    return r.choices[0].message.content ?? "";
                  }
                }
                """])
        }
        XCTAssertEqual(withContext("if (!user) throw new Error(\"Sign in\");"), [])
        XCTAssertEqual(withContext("console.log(user?.id);"), ["GraphQL mutation draft"])
        let nest = openRoutes("src/ai/ai.resolver.ts", head: ["src/ai/ai.resolver.ts": """
            import { UseGuards } from "@nestjs/common";
            import { Args, Mutation, Resolver } from "@nestjs/graphql";
            import OpenAI from "openai";
            import { GqlAuthGuard } from "../auth/gql-auth.guard";

            @Resolver()
            export class AiResolver {
              private readonly openai = new OpenAI();

              @Mutation(() => String, { name: "generateTitle" })
              async title(@Args("text") text: string) {
                const r = await this.openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: text }] });
                return r.choices[0].message.content;
              }

              @UseGuards(GqlAuthGuard)
              @Mutation(() => String)
              async rewrite(@Args("text") text: string) {
                const r = await this.openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: text }] });
                return r.choices[0].message.content;
              }
            }
            """])
        XCTAssertEqual(nest, ["GraphQL mutation generateTitle"])
    }

    func testANestAppGuardCoversResolversButThoseOptedOut() {
        let open = openRoutes("src/ai/ai.resolver.ts", head: [
            "src/app.module.ts": """
                import { Module } from "@nestjs/common";
                import { APP_GUARD } from "@nestjs/core";
                import { GqlAuthGuard } from "./auth/gql-auth.guard";

                @Module({
                  providers: [{ provide: APP_GUARD, useClass: GqlAuthGuard }],
                })
                export class AppModule {}
                """,
            "src/ai/ai.resolver.ts": """
                import { Args, Mutation, Resolver } from "@nestjs/graphql";
                import OpenAI from "openai";
                import { Public } from "../auth/public.decorator";

                @Resolver()
                export class AiResolver {
                  private readonly openai = new OpenAI();

                  @Mutation(() => String)
                  async title(@Args("text") text: string) {
                    const r = await this.openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: text }] });
                    return r.choices[0].message.content;
                  }

                  @Public()
                  @Mutation(() => String)
                  async teaser(@Args("text") text: string) {
                    const r = await this.openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: text }] });
                    return r.choices[0].message.content;
                  }
                }
                """,
        ])
        XCTAssertEqual(open, ["GraphQL mutation teaser"])
    }

    func testANestResolverReachesItsServiceAndIsGuardedByItsClassGuard() {
        func resolver(_ classDecorators: String) -> [String] {
            openRoutes("src/ai/ai.resolver.ts", head: [
                "src/ai/ai.service.ts": """
                    import { Injectable } from "@nestjs/common";
                    import OpenAI from "openai";

                    @Injectable()
                    export class AiService {
                      private readonly openai = new OpenAI();

                      async summarize(text: string) {
                        const r = await this.openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: text }] });
                        return r.choices[0].message.content;
                      }
                    }
                    """,
                "src/ai/ai.resolver.ts": """
                    import { UseGuards } from "@nestjs/common";
                    import { Args, Mutation, Resolver } from "@nestjs/graphql";
                    import { GqlAuthGuard } from "../auth/gql-auth.guard";
                    import { AiService } from "./ai.service";

                    \(classDecorators)
                    export class AiResolver {
                      constructor(private readonly aiService: AiService) {}

                      @Mutation(() => String)
                      summarize(@Args("text") text: string) {
                        return this.aiService.summarize(text);
                      }
                    }
                    """,
            ])
        }
        XCTAssertEqual(resolver("@Resolver()"), ["GraphQL mutation summarize"])
        XCTAssertEqual(resolver("@Resolver(() => String)\n@UseGuards(GqlAuthGuard)"), [])
    }

    func testPothosMutationFields() {
        let open = openRoutes("src/schema/ai.ts", head: ["src/schema/ai.ts": """
            import OpenAI from "openai";
            import { builder } from "../builder";

            const openai = new OpenAI();

            builder.mutationField("summarize", (t) =>
              t.string({
                args: { text: t.arg.string({ required: true }) },
                resolve: async (_root, { text }) => {
                  const r = await openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: text }] });
                  return r.choices[0].message.content ?? "";
                },
              }),
            );

            builder.mutationField("rewrite", (t) =>
              t.string({
                authScopes: { loggedIn: true },
                args: { text: t.arg.string({ required: true }) },
                resolve: async (_root, { text }) => {
                  const r = await openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: text }] });
                  return r.choices[0].message.content ?? "";
                },
              }),
            );
            """])
        XCTAssertEqual(open, ["GraphQL mutation summarize"])
    }

    func testNexusDefinitionFields() {
        let open = openRoutes("src/graphql/types/Summary.ts", head: ["src/graphql/types/Summary.ts": """
            import { extendType, nonNull, objectType, stringArg } from "nexus";
            import OpenAI from "openai";

            const openai = new OpenAI();

            export const SummaryMutation = extendType({
              type: "Mutation",
              definition(t) {
                t.nonNull.string("summarize", {
                  args: { text: nonNull(stringArg()) },
                  resolve: async (_root, { text }) => {
                    const r = await openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: text }] });
                    return r.choices[0].message.content ?? "";
                  },
                });
                t.nonNull.string("rewrite", {
                  args: { text: nonNull(stringArg()) },
                  authorize: (_root, _args, ctx) => Boolean(ctx.userId),
                  resolve: async (_root, { text }) => {
                    const r = await openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: text }] });
                    return r.choices[0].message.content ?? "";
                  },
                });
              },
            });

            export const Article = objectType({
              name: "Article",
              definition(t) {
                t.string("title");
                t.string("teaser", {
                  resolve: async (article) => {
                    const r = await openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: article.body }] });
                    return r.choices[0].message.content;
                  },
                });
              },
            });
            """])
        XCTAssertEqual(open, ["GraphQL mutation summarize", "GraphQL field Article.teaser"])
    }

    func testAResolverMapsObjectTypeFieldsAreEndpointsToo() {
        let open = openRoutes("src/graphql/resolvers.ts", head: ["src/graphql/resolvers.ts": """
            import OpenAI from "openai";
            import { DateTimeResolver } from "graphql-scalars";

            const openai = new OpenAI();

            export const resolvers = {
              DateTime: DateTimeResolver,
              Query: {
                article: (_p, { id }, ctx) => ctx.db.article.findUnique({ where: { id } }),
              },
              Article: {
                summary: async (article) => {
                  const r = await openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: article.body }] });
                  return r.choices[0].message.content;
                },
              },
            };
            """])
        XCTAssertEqual(open, ["GraphQL field Article.summary"])
    }

    func testRedwoodServicesAreGuardedByTheirSDLDirectives() {
        func service(_ directive: String) -> [String] {
            openRoutes("api/src/services/summaries/summaries.ts", head: [
                "api/src/graphql/summaries.sdl.ts": """
                    export const schema = gql`
                      type Mutation {
                        summarize(text: String!): String! \(directive)
                      }
                    `
                    """,
                "api/src/services/summaries/summaries.ts": """
                    import OpenAI from "openai";

                    const openai = new OpenAI();

                    export const summarize = async ({ text }: { text: string }) => {
                      const r = await openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: text }] });
                      return r.choices[0].message.content ?? "";
                    };
                    """,
            ])
        }
        XCTAssertEqual(service("@requireAuth"), [])
        XCTAssertEqual(service("@skipAuth"), ["GraphQL resolver summarize"])
    }

    // MARK: Strawberry, Graphene, Ariadne

    func testStrawberryMutationsAndTheirPermissionClasses() {
        let open = openRoutes("app/graphql/mutations.py", head: ["app/graphql/mutations.py": """
            import strawberry
            from openai import OpenAI

            from app.graphql.permissions import IsAuthenticated

            client = OpenAI()


            @strawberry.type
            class Mutation:
                @strawberry.mutation
                def summarize(self, text: str) -> str:
                    r = client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])
                    return r.choices[0].message.content

                @strawberry.mutation(permission_classes=[IsAuthenticated])
                def rewrite(self, text: str) -> str:
                    r = client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])
                    return r.choices[0].message.content

                @strawberry.mutation
                def translate(self, info: strawberry.Info, text: str) -> str:
                    if info.context["request"].user is None:
                        raise PermissionError("Sign in")
                    r = client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])
                    return r.choices[0].message.content

                @strawberry.mutation
                async def outline(self, info: strawberry.Info, text: str) -> str:
                    user = info.context.get("user")
                    if not user:
                        raise PermissionError("Sign in")
                    r = client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])
                    return r.choices[0].message.content

                @strawberry.mutation
                async def headline(self, info: strawberry.Info, text: str) -> str:
                    owner = info.context.get("user")
                    r = client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}], user=str(owner))
                    return r.choices[0].message.content

                @strawberry.mutation
                def ping(self) -> str:
                    return "pong"
            """])
        XCTAssertEqual(open, ["GraphQL mutation summarize", "GraphQL mutation headline"])
    }

    func testGrapheneMutationsAndResolvers() {
        let open = openRoutes("app/schema.py", head: ["app/schema.py": """
            import graphene
            from graphql_jwt.decorators import login_required
            from openai import OpenAI

            client = OpenAI()


            class Summarize(graphene.Mutation):
                class Arguments:
                    text = graphene.String(required=True)

                summary = graphene.String()

                def mutate(root, info, text):
                    r = client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])
                    return Summarize(summary=r.choices[0].message.content)


            class Query(graphene.ObjectType):
                advice = graphene.String(topic=graphene.String())
                tip = graphene.String(topic=graphene.String())

                def resolve_advice(root, info, topic):
                    return client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": topic}]).choices[0].message.content

                @login_required
                def resolve_tip(root, info, topic):
                    return client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": topic}]).choices[0].message.content


            class Mutation(graphene.ObjectType):
                summarize = Summarize.Field()
            """])
        XCTAssertEqual(open.sorted(), ["GraphQL mutation Summarize", "GraphQL query advice"])
    }

    func testAPythonGraphQLViewMountedBehindAGuardGuardsItsResolvers() {
        let schema = """
            import graphene
            from openai import OpenAI

            client = OpenAI()


            class Query(graphene.ObjectType):
                advice = graphene.String(topic=graphene.String())

                def resolve_advice(root, info, topic):
                    return client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": topic}]).choices[0].message.content


            schema = graphene.Schema(query=Query)
            """
        func site(_ route: String) -> [String] {
            openRoutes("advice/schema.py", head: ["advice/schema.py": schema, "mysite/urls.py": """
                from django.contrib.auth.decorators import login_required
                from django.urls import path
                from django.views.decorators.csrf import csrf_exempt
                from graphene_django.views import GraphQLView

                from advice.schema import schema

                urlpatterns = [
                    path("admin/", admin.site.urls),
                    \(route),
                ]
                """])
        }
        XCTAssertEqual(site("path(\"graphql/\", csrf_exempt(login_required(GraphQLView.as_view(graphiql=True, schema=schema))))"), [])
        XCTAssertEqual(site("path(\"graphql/\", csrf_exempt(GraphQLView.as_view(graphiql=True, schema=schema)))"), ["GraphQL query advice"])
        func fastAPI(_ include: String) -> [String] {
            openRoutes("app/graphql/mutations.py", head: [
            "app/graphql/mutations.py": """
                import strawberry
                from openai import OpenAI

                client = OpenAI()


                @strawberry.type
                class Mutation:
                    @strawberry.mutation
                    def summarize(self, text: str) -> str:
                        return client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}]).choices[0].message.content
                """,
            "app/main.py": """
                from fastapi import Depends, FastAPI, Header, HTTPException
                from strawberry.fastapi import GraphQLRouter

                from app.graphql.schema import schema


                async def require_key(x_api_key: str = Header(...)):
                    if x_api_key != "expected":
                        raise HTTPException(status_code=401)


                graphql_app = GraphQLRouter(schema)
                app = FastAPI()
                \(include)
                """,
            ])
        }
        XCTAssertEqual(fastAPI("app.include_router(graphql_app, prefix=\"/graphql\", dependencies=[Depends(require_key)])"), [])
        XCTAssertEqual(fastAPI("app.include_router(graphql_app, prefix=\"/graphql\")"), ["GraphQL mutation summarize"])
    }

    func testAriadneFieldsAndTheirChecks() {
        let open = openRoutes("app/resolvers.py", head: ["app/resolvers.py": """
            from ariadne import MutationType
            from openai import OpenAI

            client = OpenAI()
            mutation = MutationType()


            @mutation.field("summarize")
            def resolve_summarize(_, info, text):
                return client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}]).choices[0].message.content


            @mutation.field("rewrite")
            def resolve_rewrite(_, info, text):
                if not info.context["request"].user.is_authenticated:
                    raise PermissionError("Sign in")
                return client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}]).choices[0].message.content
            """])
        XCTAssertEqual(open, ["GraphQL mutation summarize"])
    }

    // MARK: graphql-ruby

    func testGraphQLRubyMutationsAndTheirAuthorizationHooks() {
        let mutation = """
            module Mutations
              class Summarize < BaseMutation
                argument :text, String, required: true
                field :summary, String, null: true

                def resolve(text:)
                  client = OpenAI::Client.new
                  response = client.chat(parameters: { model: "gpt-4o-mini", messages: [{ role: "user", content: text }] })
                  { summary: response.dig("choices", 0, "message", "content") }
                end
              end
            end
            """
        let openBase = """
            module Mutations
              class BaseMutation < GraphQL::Schema::RelayClassicMutation
                argument_class Types::BaseArgument
              end
            end
            """
        let guardedBase = """
            module Mutations
              class BaseMutation < GraphQL::Schema::RelayClassicMutation
                def ready?(**args)
                  raise GraphQL::ExecutionError, "Sign in" unless context[:current_user]
                  true
                end
              end
            end
            """
        XCTAssertEqual(openRoutes("app/graphql/mutations/summarize.rb", head: [
            "app/graphql/mutations/summarize.rb": mutation, "app/graphql/mutations/base_mutation.rb": openBase,
        ]), ["GraphQL mutation Summarize"])
        XCTAssertEqual(openRoutes("app/graphql/mutations/summarize.rb", head: [
            "app/graphql/mutations/summarize.rb": mutation, "app/graphql/mutations/base_mutation.rb": guardedBase,
        ]), [])
        let ownCheck = mutation.replacingOccurrences(
            of: "    def resolve(text:)\n", with: "    def authorized?(**args)\n      context[:current_user].present?\n    end\n\n    def resolve(text:)\n")
        XCTAssertEqual(openRoutes("app/graphql/mutations/summarize.rb", head: [
            "app/graphql/mutations/summarize.rb": ownCheck, "app/graphql/mutations/base_mutation.rb": openBase,
        ]), [])
    }

    func testTheRailsControllerThatExecutesTheSchemaGuardsEveryResolver() {
        func app(_ controller: String) -> [String] {
            openRoutes("app/graphql/mutations/summarize.rb", head: [
                "app/controllers/application_controller.rb": """
                    class ApplicationController < ActionController::Base
                      before_action :authenticate_user!
                    end
                    """,
                "app/controllers/graphql_controller.rb": controller,
                "app/graphql/mutations/base_mutation.rb": """
                    module Mutations
                      class BaseMutation < GraphQL::Schema::RelayClassicMutation
                      end
                    end
                    """,
                "app/graphql/mutations/summarize.rb": """
                    module Mutations
                      class Summarize < BaseMutation
                        argument :text, String, required: true

                        def resolve(text:)
                          client = OpenAI::Client.new
                          { summary: client.chat(parameters: { model: "gpt-4o-mini", messages: [{ role: "user", content: text }] }) }
                        end
                      end
                    end
                    """,
            ])
        }
        let execute = """
              def execute
                result = AppSchema.execute(params[:query], variables: params[:variables], context: { current_user: current_user })
                render json: result
              end
            """
        XCTAssertEqual(app("class GraphqlController < ApplicationController\n\(execute)\nend\n"), [])
        XCTAssertEqual(
            app("class GraphqlController < ApplicationController\n  skip_before_action :authenticate_user!\n\n\(execute)\nend\n"),
            ["GraphQL mutation Summarize"])
    }

    func testGraphQLRubyQueryTypeFields() {
        let open = openRoutes("app/graphql/types/query_type.rb", head: ["app/graphql/types/query_type.rb": """
            module Types
              class QueryType < Types::BaseObject
                field :advice, String, null: false do
                  argument :topic, String, required: true
                end

                def advice(topic:)
                  client = OpenAI::Client.new
                  client.chat(parameters: { model: "gpt-4o-mini", messages: [{ role: "user", content: topic }] }).dig("choices", 0, "message", "content")
                end

                def helper_not_a_field
                  OpenAI::Client.new.chat(parameters: { model: "gpt-4o-mini", messages: [] })
                end
              end
            end
            """])
        XCTAssertEqual(open, ["GraphQL query advice"])
    }

    // MARK: gqlgen, Spring for GraphQL

    func testGqlgenResolverMethods() {
        func resolvers(_ check: String) -> [String] {
            openRoutes("graph/schema.resolvers.go", head: ["graph/schema.resolvers.go": """
                package graph

                import (
                \t"context"
                \t"errors"

                \t"example.com/app/auth"
                \topenai "github.com/sashabaranov/go-openai"
                )

                func (r *mutationResolver) Summarize(ctx context.Context, text string) (string, error) {
                \t\(check)
                \tresp, err := r.OpenAI.CreateChatCompletion(ctx, openai.ChatCompletionRequest{Model: openai.GPT4oMini})
                \tif err != nil {
                \t\treturn "", err
                \t}
                \treturn resp.Choices[0].Message.Content, nil
                }

                func (r *queryResolver) Health(ctx context.Context) (string, error) {
                \treturn "ok", errors.New("unused")
                }

                func (r *Resolver) Mutation() MutationResolver { return &mutationResolver{r} }

                type mutationResolver struct{ *Resolver }
                type queryResolver struct{ *Resolver }
                """])
        }
        XCTAssertEqual(resolvers("_ = ctx"), ["GraphQL mutation Summarize"])
        XCTAssertEqual(resolvers("if auth.ForContext(ctx) == nil {\n\t\treturn \"\", errors.New(\"access denied\")\n\t}"), [])
        XCTAssertEqual(resolvers("if _, err := middleware.GetUserFromContext(ctx); err != nil {\n\t\treturn \"\", err\n\t}"), [])
        XCTAssertEqual(resolvers("viewer, err := loaders.UserFromContext(ctx)\n\tif err != nil {\n\t\treturn \"\", err\n\t}\n\t_ = viewer"), [])
        // Read and never checked, the caller refuses nobody.
        XCTAssertEqual(resolvers("viewer, _ := loaders.UserFromContext(ctx)\n\t_ = viewer"), ["GraphQL mutation Summarize"])
    }

    func testSchemaFileDirectivesGuardTheFieldsResolvedElsewhere() {
        let gqlgen = """
            package graph

            import (
            	"context"

            	openai "github.com/sashabaranov/go-openai"
            )

            func (r *mutationResolver) Summarize(ctx context.Context, text string) (string, error) {
            	resp, err := r.OpenAI.CreateChatCompletion(ctx, openai.ChatCompletionRequest{Model: openai.GPT4oMini})
            	if err != nil {
            		return "", err
            	}
            	return resp.Choices[0].Message.Content, nil
            }
            """
        func schema(_ field: String) -> [String] {
            openRoutes("graph/schema.resolvers.go", head: [
                "graph/schema.resolvers.go": gqlgen,
                "graph/schema.graphqls": "directive @hasRole(role: Role!) on FIELD_DEFINITION\n\n\"\"\"\nWrites. Use @auth for \"summarize\"?\n\"\"\"\ntype Mutation {\n  \(field)\n}\n",
            ])
        }
        XCTAssertEqual(schema("summarize(text: String!): String! @hasRole(role: USER)"), [])
        XCTAssertEqual(schema("summarize(text: String! @constraint(maxLength: 5000)): String! @deprecated"), ["GraphQL mutation Summarize"])
        XCTAssertEqual(schema("summarize(text: String!): String! @skipAuth"), ["GraphQL mutation Summarize"])
    }

    func testLighthouseResolverClassesAndTheirSchemaGuards() {
        func mutation(_ name: String) -> String {
            """
            <?php

            namespace App\\GraphQL\\Mutations;

            use OpenAI\\Laravel\\Facades\\OpenAI;

            final class \(name)
            {
                public function __invoke($_, array $args)
                {
                    $result = OpenAI::chat()->create(['model' => 'gpt-4o-mini', 'messages' => [['role' => 'user', 'content' => $args['text']]]]);
                    return $result->choices[0]->message->content;
                }
            }
            """
        }
        let files = [
            "graphql/schema.graphql": """
                type Mutation {
                  summarize(text: String!): String!
                  rewrite(text: String!): String! @guard
                }

                extend type Mutation @guard(with: ["sanctum"]) {
                  translate(text: String!): String!
                }
                """,
            "app/GraphQL/Mutations/Summarize.php": mutation("Summarize"),
            "app/GraphQL/Mutations/Rewrite.php": mutation("Rewrite"),
            "app/GraphQL/Mutations/Translate.php": mutation("Translate"),
        ]
        XCTAssertEqual(openRoutes("app/GraphQL/Mutations/Summarize.php", head: files), ["GraphQL mutation summarize"])
        XCTAssertEqual(openRoutes("app/GraphQL/Mutations/Rewrite.php", head: files), [])
        XCTAssertEqual(openRoutes("app/GraphQL/Mutations/Translate.php", head: files), [])
    }

    func testSpringGraphQLControllerMethods() {
        func controller(_ annotations: String) -> [String] {
            openRoutes("src/main/java/app/graphql/SummaryController.java", head: ["src/main/java/app/graphql/SummaryController.java": """
                package app.graphql;

                import org.springframework.graphql.data.method.annotation.Argument;
                import org.springframework.graphql.data.method.annotation.MutationMapping;
                import org.springframework.stereotype.Controller;

                @Controller
                public class SummaryController {
                    private final OpenAIClient client = OpenAIOkHttpClient.fromEnv();

                    \(annotations)
                    public String summarize(@Argument String text) {
                        return client.chat().completions().create(params(text)).choices().get(0).message().content().orElse("");
                    }
                }
                """])
        }
        XCTAssertEqual(controller("@MutationMapping"), ["GraphQL mutation summarize"])
        XCTAssertEqual(controller("@PreAuthorize(\"isAuthenticated()\")\n    @MutationMapping"), [])
    }
}
