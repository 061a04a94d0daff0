import GateCore
import GateRules
import XCTest

/// Objects kept in a registry (`const providers = { openai: new OpenAIProvider() }`, `PROVIDERS = {"openai":
/// OpenAIChat()}`): a method called on an entry, or on what a function returns from it, runs that method of every
/// class the registry holds.
final class RegistryReachTests: XCTestCase {
    private static let openAIProvider = """
        import OpenAI from "openai";

        export class OpenAIProvider {
          private client = new OpenAI();

          async generate(prompt: string) {
            const r = await this.client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: prompt }] });
            return r.choices[0].message.content ?? "";
          }
        }
        """
    private static let echoProvider = """
        export class EchoProvider {
          async generate(prompt: string) {
            return prompt;
          }
        }
        """
    private static let registry = """
        import { OpenAIProvider } from "./openai";
        import { EchoProvider } from "./echo";

        export const providers: Record<string, { generate(prompt: string): Promise<string> }> = {
          echo: new EchoProvider(),
          openai: new OpenAIProvider(),
        };

        export function getProvider(name: string) {
          return providers[name] ?? providers.echo;
        }
        """
    private static let tsconfig = #"{ "compilerOptions": { "paths": { "@/*": ["./*"] } } }"#

    private func openRoutes(_ route: String, registry: String = registry) -> [String] {
        let path = "app/api/generate/route.ts"
        return EndpointGuardScopeTests.openRoutes(path, head: [
            path: route, "lib/providers/index.ts": registry, "lib/providers/openai.ts": Self.openAIProvider,
            "lib/providers/echo.ts": Self.echoProvider, "tsconfig.json": Self.tsconfig,
        ])
    }

    func testAnEntryOfAnImportedRegistry() {
        let route = """
            import { providers } from "@/lib/providers";

            export async function POST(req: Request) {
              const { prompt, provider } = await req.json();
              return Response.json({ text: await providers[provider].generate(prompt) });
            }
            """
        XCTAssertEqual(openRoutes(route), ["POST app/api/generate/route.ts"])
        // A registry of free providers only.
        XCTAssertEqual(openRoutes(route, registry: Self.registry.replacingOccurrences(
            of: "openai: new OpenAIProvider()", with: "loud: new EchoProvider()")), [])
    }

    func testAnEntryAFunctionReturnsFromTheRegistry() {
        let route = """
            import { getProvider } from "@/lib/providers";

            export async function POST(req: Request) {
              const { prompt, provider } = await req.json();
              const model = getProvider(provider);
              return Response.json({ text: await model.generate(prompt) });
            }
            """
        XCTAssertEqual(openRoutes(route), ["POST app/api/generate/route.ts"])
    }

    func testAPythonDictionaryOfProviders() {
        let providers = FactoryResultTests.pythonChatProviders + """


            PROVIDERS = {
                "echo": EchoChat(),
                "openai": OpenAIChat(),
            }
            """
        let main = """
            from fastapi import FastAPI
            from app.providers import PROVIDERS

            app = FastAPI()


            @app.post("/ask")
            def ask(q: str, provider: str = "openai"):
                return {"answer": PROVIDERS[provider].complete(q)}
            """
        XCTAssertEqual(EndpointGuardScopeTests.openRoutes("app/main.py", head: [
            "app/main.py": main, "app/providers.py": providers,
        ]), ["POST /ask"])
    }

    /// Functions kept in a dictionary and called through it: the call runs any of them.
    private static let pythonHandlers = """
        from openai import OpenAI

        client = OpenAI()


        def summarize(text):
            return client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": text}])


        def echo(text):
            return text


        HANDLERS = {
            "summary": summarize,
            "echo": echo,
        }


        def run(kind, text):
            return HANDLERS[kind](text)
        """

    /// A FastAPI app whose open `POST /process` calls `run` of `app.handlers`.
    private static let pythonApp = """
        from fastapi import FastAPI
        from app.handlers import run

        app = FastAPI()


        @app.post("/process")
        def process(kind: str, text: str):
            return run(kind, text)
        """

    func testAPythonDictionaryOfFunctionsCalledThroughAnIndex() {
        let main = Self.pythonApp
        XCTAssertEqual(EndpointGuardScopeTests.openRoutes("app/main.py", head: [
            "app/main.py": main, "app/handlers.py": Self.pythonHandlers,
        ]), ["POST /process"])
        // Looked up with `.get`, a default for unknown kinds.
        let looked = Self.pythonHandlers.replacingOccurrences(of: "return HANDLERS[kind](text)", with: "return HANDLERS.get(kind, echo)(text)")
        XCTAssertEqual(EndpointGuardScopeTests.openRoutes("app/main.py", head: [
            "app/main.py": main, "app/handlers.py": looked,
        ]), ["POST /process"])
        // Free functions only: nothing paid is dispatched.
        let free = Self.pythonHandlers.replacingOccurrences(of: "\"summary\": summarize,", with: "\"loud\": echo,")
        XCTAssertEqual(EndpointGuardScopeTests.openRoutes("app/main.py", head: [
            "app/main.py": main, "app/handlers.py": free,
        ]), [])
    }

    /// A TypeScript module of a paid `summarize` and a free `shout`, kept in the registry `registry` declares and
    /// dispatched by `dispatch`, the body of its exported `handle(kind, text)`.
    private static func typeScriptHandlers(registry: String, dispatch: String) -> String {
        """
        import OpenAI from "openai";

        const openai = new OpenAI();

        async function summarize(text: string) {
          const r = await openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: text }] });
          return r.choices[0].message.content ?? "";
        }

        async function shout(text: string) {
          return text.toUpperCase();
        }

        \(registry)

        export async function handle(kind: string, text: string) {
          \(dispatch)
        }
        """
    }

    /// The routes left open when a route calls `handle` of `handlers`.
    private func openTypeScriptRoutes(_ handlers: String) -> [String] {
        let route = """
            import { handle } from "@/lib/handlers";

            export async function POST(req: Request) {
              const { kind, text } = await req.json();
              return Response.json({ result: await handle(kind, text) });
            }
            """
        let path = "app/api/handle/route.ts"
        return EndpointGuardScopeTests.openRoutes(path, head: [
            path: route, "lib/handlers.ts": handlers, "tsconfig.json": Self.tsconfig,
        ])
    }

    func testAnObjectOfFunctionsInShorthandCalledThroughAnIndex() {
        let dispatch = "return handlers[kind as keyof typeof handlers](text);"
        XCTAssertEqual(openTypeScriptRoutes(Self.typeScriptHandlers(registry: "const handlers = { summarize, shout };", dispatch: dispatch)),
                       ["POST app/api/handle/route.ts"])
        // An index into a list of values is no dispatch.
        XCTAssertEqual(openTypeScriptRoutes(Self.typeScriptHandlers(registry: "const handlers = { a: 1, b: 2 };", dispatch: dispatch)), [])
    }

    /// A name bound to a registry's entry and called: the call runs any of the registry's functions, in the function
    /// that binds it only.
    func testAPythonNameBoundToAnEntryAndCalled() {
        let main = Self.pythonApp
        func openRoutes(_ handlers: String) -> [String] {
            EndpointGuardScopeTests.openRoutes("app/main.py", head: ["app/main.py": main, "app/handlers.py": handlers])
        }
        let looked = Self.pythonHandlers.replacingOccurrences(of: "    return HANDLERS[kind](text)", with: """
                handler = HANDLERS.get(kind)
                if handler is None:
                    raise ValueError(kind)
                return handler(text)
            """)
        XCTAssertEqual(openRoutes(looked), ["POST /process"])
        let indexed = Self.pythonHandlers.replacingOccurrences(of: "    return HANDLERS[kind](text)", with: """
                handler = HANDLERS[kind]
                return handler(text)
            """)
        XCTAssertEqual(openRoutes(indexed), ["POST /process"])
        // Free functions only.
        XCTAssertEqual(openRoutes(looked.replacingOccurrences(of: "\"summary\": summarize,", with: "\"loud\": echo,")), [])
        // The same name in another function is that function's own (here a parameter).
        let elsewhere = Self.pythonHandlers.replacingOccurrences(of: "    return HANDLERS[kind](text)", with: """
                handler = HANDLERS[kind]
                return kind


            def apply(handler, text):
                return handler(text)
            """)
        XCTAssertEqual(EndpointGuardScopeTests.openRoutes("app/main.py", head: [
            "app/main.py": main.replacingOccurrences(of: "import run", with: "import apply")
                .replacingOccurrences(of: "return run(kind, text)", with: "return apply(str.upper, text)"),
            "app/handlers.py": elsewhere,
        ]), [])
        // An entry of a list of values is no function of a registry.
        let values = Self.pythonHandlers.replacingOccurrences(of: "    return HANDLERS[kind](text)", with: """
                handler = LIMITS[kind]
                return handler(text)
            """) + "\n\nLIMITS = {\"a\": 1}\n"
        XCTAssertEqual(openRoutes(values), [])
    }

    func testATypeScriptNameBoundToAnEntryAndCalled() {
        let dispatch = "const handler = handlers[kind] ?? shout;\n  return handler(text);"
        func registry(_ entries: String) -> String {
            "const handlers: Record<string, (text: string) => Promise<string>> = { \(entries) };"
        }
        XCTAssertEqual(openTypeScriptRoutes(Self.typeScriptHandlers(registry: registry("summary: summarize, shout"), dispatch: dispatch)),
                       ["POST app/api/handle/route.ts"])
        XCTAssertEqual(openTypeScriptRoutes(Self.typeScriptHandlers(registry: registry("shout"), dispatch: dispatch)), [])
    }

    /// Go keeps functions in a map literal (`map[string]func(…) (…){"summary": summarize}`), called through an index
    /// or through the name a lookup binds (`h, ok := handlers[kind]`).
    func testAGoMapOfFunctions() {
        let handlers = """
            package ai

            import (
            \t"context"

            \topenai "github.com/sashabaranov/go-openai"
            )

            var client = openai.NewClient("key")

            func summarize(ctx context.Context, text string) (string, error) {
            \tresp, err := client.CreateChatCompletion(ctx, openai.ChatCompletionRequest{Model: openai.GPT4o})
            \tif err != nil {
            \t\treturn "", err
            \t}
            \treturn resp.Choices[0].Message.Content, nil
            }

            func echo(ctx context.Context, text string) (string, error) {
            \treturn text, nil
            }

            var handlers = map[string]func(context.Context, string) (string, error){
            \t"summary": summarize,
            \t"echo":    echo,
            }

            func Run(ctx context.Context, kind, text string) (string, error) {
            \th, ok := handlers[kind]
            \tif !ok {
            \t\treturn "", nil
            \t}
            \treturn h(ctx, text)
            }
            """
        let main = """
            package main

            import (
            \t"net/http"

            \t"example.com/app/internal/ai"
            )

            func process(w http.ResponseWriter, r *http.Request) {
            \tout, _ := ai.Run(r.Context(), r.URL.Query().Get("kind"), r.URL.Query().Get("text"))
            \tw.Write([]byte(out))
            }

            func main() {
            \thttp.HandleFunc("/process", process)
            \thttp.ListenAndServe(":8080", nil)
            }
            """
        func openRoutes(_ handlers: String) -> [String] {
            EndpointGuardScopeTests.openRoutes("cmd/server/main.go", head: [
                "cmd/server/main.go": main, "internal/ai/handlers.go": handlers,
                "go.mod": "module example.com/app\n\ngo 1.22\n",
            ])
        }
        XCTAssertEqual(openRoutes(handlers), ["ANY /process"])
        let indexed = handlers.replacingOccurrences(of: "\th, ok := handlers[kind]\n\tif !ok {\n\t\treturn \"\", nil\n\t}\n\treturn h(ctx, text)",
                                                    with: "\treturn handlers[kind](ctx, text)")
        XCTAssertNotEqual(indexed, handlers)
        XCTAssertEqual(openRoutes(indexed), ["ANY /process"])
        // A map declared with `:=` inside the function.
        let local = handlers.replacingOccurrences(of: "var handlers = map", with: "var unused = map")
            .replacingOccurrences(of: "\th, ok := handlers[kind]", with: "\thandlers := map[string]func(context.Context, string) (string, error){\"summary\": summarize}\n\th, ok := handlers[kind]")
        XCTAssertEqual(openRoutes(local), ["ANY /process"])
        // A map of free functions only.
        XCTAssertEqual(openRoutes(handlers.replacingOccurrences(of: "\"summary\": summarize,", with: "\"loud\": echo,")), [])
    }
}
