import GateCore
import GateRules
import XCTest

/// A provider's client made in one module and called in another (`export const model = genAI.getGenerativeModel(…)`
/// then `model.generateContent(prompt)` in a route that names no provider) is the provider's paid call.
final class ImportedClientTests: XCTestCase {
    private static let gemini = """
        import { GoogleGenerativeAI } from "@google/generative-ai";

        const genAI = new GoogleGenerativeAI(process.env.GEMINI_API_KEY!);
        export const model = genAI.getGenerativeModel({ model: "gemini-1.5-flash" });
        """
    private static let tsconfig = #"{ "compilerOptions": { "paths": { "@/*": ["./*"] } } }"#

    private func findings(_ path: String, _ files: [String: String]) -> [String] {
        headTreeFindings(path, head: files).map { "\($0.rule) \($0.line)" }.sorted()
    }

    func testAMethodOfAnImportedClientIsItsPaidCall() {
        let route = """
            import { model } from "@/lib/gemini";

            export async function POST(req: Request) {
              const { prompt } = await req.json();
              const result = await model.generateContent(prompt);
              return Response.json({ text: result.response.text() });
            }
            """
        let path = "app/api/generate/route.ts"
        XCTAssertEqual(findings(path, [path: route, "lib/gemini.ts": Self.gemini, "tsconfig.json": Self.tsconfig]),
                       ["paid-call-reach 5", "unprotected-endpoint 3"])
        // Counting tokens is free: the same client, no paid call.
        XCTAssertEqual(findings(path, [
            path: route.replacingOccurrences(of: "model.generateContent(prompt)", with: "model.countTokens(prompt)"),
            "lib/gemini.ts": Self.gemini, "tsconfig.json": Self.tsconfig,
        ]), [])
    }

    /// A DSPy module made in one module and called as an object in a route: imported made (`qa`, `rag`), or made in
    /// the route from the imported class (`program = RAG()`). Making it is no call; another library's object is not
    /// DSPy's.
    func testAnImportedObjectWhoseCallIsThePaidCall() {
        let programs = """
            import dspy

            dspy.configure(lm=dspy.LM("openai/gpt-4o-mini"))


            class RAG(dspy.Module):
                def __init__(self):
                    self.respond = dspy.ChainOfThought("question -> answer")

                def forward(self, question):
                    return self.respond(question=question)


            rag = RAG()
            qa = dspy.Predict("question -> answer")
            """
        let main = """
            from fastapi import FastAPI
            from app.programs import rag, qa, RAG
            from app.net import Net

            app = FastAPI()
            program = RAG()
            net = Net()


            @app.post("/ask")
            def ask(q: str):
                return {"answer": rag(question=q).answer, "short": qa(question=q).answer}


            @app.post("/own")
            def own(q: str):
                return {"answer": program(question=q).answer}


            @app.post("/local")
            def local(x: list[float]):
                return {"y": net(x)}
            """
        let net = "import torch.nn as nn\n\n\nclass Net(nn.Module):\n    def forward(self, x):\n        return x\n"
        XCTAssertEqual(
            findings("app/main.py", ["app/main.py": main, "app/programs.py": programs, "app/net.py": net,
                                     "app/__init__.py": ""]),
            ["paid-call-reach 12", "paid-call-reach 17", "unprotected-endpoint 10", "unprotected-endpoint 15"])
        // The same programs, on a model Ollama runs: imported or made in the route, they spend nothing.
        let local = programs.replacingOccurrences(
            of: #"dspy.LM("openai/gpt-4o-mini")"#, with: #"dspy.LM("ollama_chat/llama3.2", api_base="http://localhost:11434")"#)
        XCTAssertEqual(
            findings("app/main.py", ["app/main.py": main, "app/programs.py": local, "app/net.py": net, "app/__init__.py": ""]),
            [])
    }

    func testAValueDerivedFromAnImportedClient() {
        let route = """
            import { model } from "@/lib/gemini";

            export async function POST(req: Request) {
              const { message, history } = await req.json();
              const chat = model.startChat({ history });
              const result = await chat.sendMessage(message);
              return Response.json({ text: result.response.text() });
            }
            """
        let path = "app/api/chat/route.ts"
        XCTAssertEqual(findings(path, [path: route, "lib/gemini.ts": Self.gemini, "tsconfig.json": Self.tsconfig]),
                       ["paid-call-reach 6", "unprotected-endpoint 3"])
    }

    func testAPythonModuleLevelClient() {
        let clients = """
            import google.generativeai as genai

            genai.configure(api_key=os.environ["GEMINI_API_KEY"])
            model = genai.GenerativeModel("gemini-1.5-flash")
            """
        let database = """
            class Store:
                def insert(self, row):
                    return row


            store = Store()
            """
        let main = """
            from fastapi import FastAPI
            from app.clients import model
            from app.store import store

            app = FastAPI()


            @app.post("/generate")
            def generate(prompt: str):
                return model.generate_content(prompt).text


            @app.post("/rows")
            def save(row: dict):
                return store.insert(row)
            """
        XCTAssertEqual(EndpointGuardScopeTests.openRoutes("app/main.py", head: [
            "app/main.py": main, "app/clients.py": clients, "app/store.py": database,
        ]), ["POST /generate"])
    }

    func testAnImportedObjectOfNoProviderIsNoPaidCall() {
        let cache = """
            import { createClient } from "redis";

            export const cache = createClient({ url: process.env.REDIS_URL });
            """
        let route = """
            import { cache } from "@/lib/cache";

            export async function POST(req: Request) {
              const { key } = await req.json();
              return Response.json({ value: await cache.get(key) });
            }
            """
        let path = "app/api/cache/route.ts"
        XCTAssertEqual(findings(path, [path: route, "lib/cache.ts": cache, "tsconfig.json": Self.tsconfig]), [])
    }

    // MARK: Compositions of a client

    func testAPythonChainComposedFromAModelIsItsPaidCall() {
        let chains = """
            from langchain_core.output_parsers import StrOutputParser
            from langchain_core.prompts import ChatPromptTemplate
            from langchain_openai import ChatOpenAI

            llm = ChatOpenAI(model="gpt-4o")
            prompt = ChatPromptTemplate.from_template("Summarize: {text}")
            summary_chain = prompt | llm | StrOutputParser()
            title_chain = (
                prompt
                | llm
            )
            parser = StrOutputParser()
            """
        func route(_ call: String, module: String = chains) -> [String] {
            let api = """
                from fastapi import APIRouter
                from app.chains import parser, summary_chain, title_chain

                router = APIRouter()

                @router.post("/summaries")
                async def summarize(text: str):
                    return {"summary": await \(call)}
                """
            return findings("app/api.py", ["app/api.py": api, "app/chains.py": module])
        }
        XCTAssertEqual(route("summary_chain.ainvoke({\"text\": text})"), ["paid-call-reach 8", "unprotected-endpoint 6"])
        XCTAssertEqual(route("title_chain.ainvoke({\"text\": text})"), ["paid-call-reach 8", "unprotected-endpoint 6"])
        // A legacy chain built with the model as an argument.
        let legacy = "from langchain.chains import LLMChain\nfrom langchain_openai import ChatOpenAI\n\nllm = ChatOpenAI()\nsummary_chain = LLMChain(llm=llm, prompt=prompt)\n"
        XCTAssertEqual(route("summary_chain.ainvoke({\"text\": text})", module: legacy), ["paid-call-reach 8", "unprotected-endpoint 6"])
        // The parser alone calls no model; nor does a composition of no client.
        XCTAssertEqual(route("parser.ainvoke(text)"), [])
        let free = chains.replacingOccurrences(of: "prompt | llm | StrOutputParser()", with: "prompt | StrOutputParser()")
        XCTAssertEqual(route("summary_chain.ainvoke({\"text\": text})", module: free), [])
    }

    func testATypeScriptChainPipedIntoAModelIsItsPaidCall() {
        let chain = """
            import { ChatOpenAI } from "@langchain/openai";
            import { ChatPromptTemplate } from "@langchain/core/prompts";
            import { StringOutputParser } from "@langchain/core/output_parsers";

            const model = new ChatOpenAI({ model: "gpt-4o" });
            const prompt = ChatPromptTemplate.fromTemplate("Summarize: {text}");
            export const summaryChain = prompt
              .pipe(model)
              .pipe(new StringOutputParser());
            export const formatChain = prompt.pipe(new StringOutputParser());
            """
        func route(_ call: String) -> [String] {
            let route = """
                import { formatChain, summaryChain } from "@/lib/chain";

                export async function POST(req: Request) {
                  const { text } = await req.json();
                  return Response.json({ result: await \(call) });
                }
                """
            let path = "app/api/summary/route.ts"
            return findings(path, [path: route, "lib/chain.ts": chain, "tsconfig.json": Self.tsconfig])
        }
        XCTAssertEqual(route("summaryChain.invoke({ text })"), ["paid-call-reach 5", "unprotected-endpoint 3"])
        XCTAssertEqual(route("formatChain.invoke({ text })"), [])
    }

    // MARK: Clients an app keeps on its state

    func testAClientAFastAPIAppKeepsOnItsStateIsItsPaidCall() {
        let main = """
            from contextlib import asynccontextmanager

            from fastapi import FastAPI
            from langchain_openai import ChatOpenAI
            from sqlalchemy.ext.asyncio import create_async_engine

            from app.routes import router


            @asynccontextmanager
            async def lifespan(app: FastAPI):
                app.state.llm = ChatOpenAI(model="gpt-4o")
                app.state.db = create_async_engine("postgresql+asyncpg://localhost/app")
                yield


            app = FastAPI(lifespan=lifespan)
            app.include_router(router)
            """
        func route(_ call: String) -> [String] {
            let routes = """
                from fastapi import APIRouter, Request

                router = APIRouter()


                @router.post("/ask")
                async def ask(request: Request, question: str):
                    return {"answer": await \(call)}
                """
            return findings("app/routes.py", ["app/routes.py": routes, "app/main.py": main])
        }
        XCTAssertEqual(route("request.app.state.llm.ainvoke(question)"), ["paid-call-reach 8", "unprotected-endpoint 6"])
        // The database engine, and an attribute no file sets, are no provider's.
        XCTAssertEqual(route("request.app.state.db.dispose()"), [])
        XCTAssertEqual(route("request.app.state.chain.ainvoke(question)"), [])
        // A request's own state is not the app's.
        XCTAssertEqual(route("request.state.llm.ainvoke(question)"), [])
    }

    /// A client returned by a helper of another module (`engine = get_engine()`, `def get_engine(): return
    /// index.as_query_engine()`; a chain composed in `get_chain()`; `getModel()` returning `genAI.getGenerativeModel(…)`)
    /// is the provider's: its paid method is the paid call, named by what made the object where its own name says
    /// nothing (`engine.query`). A helper returning a dict, a database session or a model Ollama runs is not.
    func testAClientReturnedByAFunctionOfAnotherModule() {
        let engine = """
            from llama_index.core import VectorStoreIndex, SimpleDirectoryReader


            def get_engine():
                index = VectorStoreIndex.from_documents(SimpleDirectoryReader("data").load_data())
                return index.as_query_engine(similarity_top_k=3)


            def get_settings():
                return {"top_k": 3}
            """
        let chains = """
            from langchain_core.prompts import ChatPromptTemplate
            from langchain_openai import ChatOpenAI

            prompt = ChatPromptTemplate.from_template("Answer: {question}")
            llm = ChatOpenAI(model="gpt-4o-mini")


            def get_chain():
                return prompt | llm
            """
        let main = """
            from fastapi import FastAPI
            from app.engine import get_engine, get_settings
            from app.chains import get_chain

            app = FastAPI()


            @app.post("/query")
            def query(q: str):
                engine = get_engine()
                settings = get_settings()
                return {"answer": str(engine.query(q)), "k": settings.get("top_k")}


            @app.post("/chain")
            def chain(q: str):
                runnable = get_chain()
                return {"answer": runnable.invoke({"question": q})}
            """
        let files = ["app/main.py": main, "app/engine.py": engine, "app/chains.py": chains, "app/__init__.py": ""]
        // (Line 10: `get_engine()` itself embeds the documents, building the index on every request.)
        XCTAssertEqual(findings("app/main.py", files),
                       ["paid-call-reach 10", "paid-call-reach 12", "paid-call-reach 18", "unprotected-endpoint 15",
                        "unprotected-endpoint 8"])
        // An engine the module makes at its top level, imported under a name that says nothing (`engine`).
        let madeAtTop = """
            from llama_index.core import VectorStoreIndex, SimpleDirectoryReader

            index = VectorStoreIndex.from_documents(SimpleDirectoryReader("data").load_data())
            engine = index.as_query_engine()
            """
        let imported = """
            from fastapi import FastAPI
            from app.engine import engine

            app = FastAPI()


            @app.post("/query")
            def query(q: str):
                return {"answer": str(engine.query(q))}
            """
        XCTAssertEqual(findings("app/main.py", ["app/main.py": imported, "app/engine.py": madeAtTop, "app/__init__.py": ""]),
                       ["paid-call-reach 9", "unprotected-endpoint 7"])
        // On models the machine runs (LlamaIndex's `Settings.llm = Ollama(…)`, LangChain's `ChatOllama`), nothing.
        let localEngine = engine.replacingOccurrences(of: "from llama_index.core import VectorStoreIndex, SimpleDirectoryReader\n", with: """
            from llama_index.core import VectorStoreIndex, SimpleDirectoryReader, Settings
            from llama_index.llms.ollama import Ollama
            from llama_index.embeddings.huggingface import HuggingFaceEmbedding

            Settings.llm = Ollama(model="llama3")
            Settings.embed_model = HuggingFaceEmbedding(model_name="BAAI/bge-small-en-v1.5")

            """)
        let localChains = chains.replacingOccurrences(of: "from langchain_openai import ChatOpenAI", with: "from langchain_ollama import ChatOllama")
            .replacingOccurrences(of: #"ChatOpenAI(model="gpt-4o-mini")"#, with: #"ChatOllama(model="llama3.2")"#)
        XCTAssertEqual(findings("app/main.py", ["app/main.py": main, "app/engine.py": localEngine, "app/chains.py": localChains,
                                                "app/__init__.py": ""]), [])
        XCTAssertEqual(findings("app/engine.py", ["app/engine.py": localEngine]), [])
        // A database session from a helper: `session.query(…)` is SQLAlchemy's.
        let db = """
            from sqlalchemy.orm import sessionmaker

            SessionLocal = sessionmaker()


            def get_session():
                return SessionLocal()
            """
        let users = """
            from fastapi import FastAPI
            from app.db import get_session

            app = FastAPI()


            @app.post("/users")
            def users(q: str):
                session = get_session()
                return {"n": session.query(q).count()}
            """
        XCTAssertEqual(findings("app/users.py", ["app/users.py": users, "app/db.py": db, "app/__init__.py": ""]), [])
    }

    /// The same in TypeScript: a function or an expression arrow returning an engine or a model.
    func testATypeScriptClientReturnedByAFunctionOfAnotherModule() {
        let engine = """
            import { VectorStoreIndex, Document } from "llamaindex";

            const index = await VectorStoreIndex.fromDocuments([new Document({ text: "hello" })]);

            export function getQueryEngine() {
              return index.asQueryEngine();
            }

            export const getChatEngine = () => index.asChatEngine();

            export function getSettings() {
              return { topK: 3 };
            }
            """
        let route = """
            import { getQueryEngine, getChatEngine, getSettings } from "@/lib/engine";
            import { getModel } from "@/lib/model";

            export async function POST(req: Request) {
              const { q } = await req.json();
              const engine = getQueryEngine();
              const chat = getChatEngine();
              const model = getModel();
              const settings = getSettings();
              const answer = await engine.query({ query: q });
              const reply = await chat.chat({ message: q });
              const result = await model.generateContent(q);
              return Response.json({ answer: `${answer}`, reply: `${reply}`, k: settings.query, text: result.response.text() });
            }
            """
        let model = """
            import { GoogleGenerativeAI } from "@google/generative-ai";

            const genAI = new GoogleGenerativeAI(process.env.GEMINI_API_KEY!);

            export function getModel() {
              return genAI.getGenerativeModel({ model: "gemini-1.5-flash" });
            }
            """
        let path = "app/api/ask/route.ts"
        XCTAssertEqual(findings(path, [path: route, "lib/engine.ts": engine, "lib/model.ts": model, "tsconfig.json": Self.tsconfig]),
                       ["paid-call-reach 10", "paid-call-reach 11", "paid-call-reach 12", "unprotected-endpoint 4"])
    }
}
