import GateCore

/// A raw HTTP request to a paid API: it costs like the SDK call, whichever client sends it.
public struct PaidHTTPCallDetector: Detector {
    public init() {}

    public let description = DetectorDescription(
        id: "paid-http-call", name: "Raw HTTP to a paid host", category: .paidExternalCall,
        rationale: """
            Calling a paid API over raw HTTP costs the same as calling it through the SDK, and is easier to miss. \
            Reported for requests (fetch, axios, got, ky, requests, httpx, aiohttp, urllib, net/http, reqwest, \
            URLSession, HttpClient, OkHttp, java.net.http, RestTemplate, Net::HTTP, Faraday, HTTParty, Guzzle, \
            RestSharp, curl…) whose URL reaches a paid provider's host on a priced path, through a literal, a \
            constant, attribute or default of the same file, constants imported by name from other files of the \
            tree, or the top-level constants of the other files of a Go package; built by concatenation (PHP's `.` too), interpolation in the language's own syntax (`${BASE}`, \
            `#{BASE}`, `{BASE}`, `$BASE`, `\\(base)`), a format call (`fmt.Sprintf("%s/…", base)`, `String.format`, \
            `sprintf`, `format!`, `"{}".format(base)`, `"%s" % base`), a URL conversion (`BASE.toHttpUrl()`) or a \
            setting's default (Spring's `@Value("${cohere.url:https://…}")`); \
            hosts match exactly or as a subdomain, never as a lookalike. \
            A request whose host is a variable but whose path only a paid API serves (`/v1/chat/completions`, \
            `:generateContent`, `:embedContent`, Anthropic's `/v1/messages`) is reported as openai-compatible or \
            as the path's owner. A URL that is not sent is not a call: default-endpoint constants, config objects, \
            fixtures, placeholders, comparisons, log lines, comments and docs; nor are free endpoints (model \
            listings, usage, health, OpenAI's moderations, Anthropic's, Gemini's and Cohere's token counting) or local \
            model servers. A base URL given to an SDK constructor re-attributes \
            that SDK's calls (paid-sdk-call) and is not a finding of its own. A client built with a base URL \
            (`httpx.AsyncClient(base_url=…)`, `axios.create({ baseURL })`, `Faraday.new(url:)` (also as a Ruby method's \
            memoised result, `def connection; @connection ||= Faraday.new(url: …) end`), Guzzle's \
            `base_uri`, Spring's `WebClient` `baseUrl`, a Laravel `Http::baseUrl(…)` chain, an HTTParty class's \
            `base_uri`, RestSharp's `new RestClient(base)` executing a `RestRequest` of a path, Spring's \
            `RestClient.builder().baseUrl(…)` or `RestClient.create(base)` posting `.uri(path)` (or a URI builder's \
            `path(…)`; the base also a setting of application.yml/.properties read through `@Value("${openai.base-url}")` or a \
            `@ConfigurationProperties` class's getter), a Ktor client's \
            `defaultRequest { url(…) }` (and a Ktor request whose block builds its URL, `client.post { url { host = …; \
            path(…) } }`), a .NET `HttpClient`'s `BaseAddress` set where it is built or in its \
            constructor, or by the `AddHttpClient<T>(c => c.BaseAddress = …)` registration of its typed client in another \
            file, sending a path or an `HttpRequestMessage` of one) sends each request \
            to the base joined with the request's path: the requests the file sends through it are reported, at \
            the call on the client; a client the file sends nothing through (exported, passed on) is reported where \
            its base URL is given. A payment provider (kind `payments`: Stripe, PayPal, Square…) bills the payment, \
            not the call: a request that only reads (`requests.get`, `Http::get`, `http.NewRequest("GET", …)`, \
            `fetch(url)` without a method or body) is not reported; creating a PaymentIntent or a charge is. A \
            request the change moves rather than adds is not new, as paid-sdk-call tells it: edited in place, \
            extracted into a function the old place now calls (`Http::post` moved from a controller into a service \
            it calls), or moved with its whole function into another file. Shell text sends requests too: a curl, \
            wget, HTTPie, xh or `Invoke-RestMethod` command to a paid host in a shell script (`*.sh`, a `#!` shell \
            script), a Dockerfile's `RUN` (shell or exec form), a Makefile or justfile recipe, a CI step's `run:` or `script:`, a \
            `package.json` script, or a Kubernetes container's `command:`/`args:` (a Helm hook Job in a chart's \
            templates, a manifest); run once (repeating, it is a batch-model-call). So does a provider's own \
            command-line tool there: `openai api chat.completions.create` (and the CLI's other priced operations), \
            Anthropic's `ant messages create`, `llm -m MODEL` with a paid API's model (`gpt-4o`, `4o`, `claude-…`, \
            `gemini-…`; not a local model, not the unconfigured default), `gcloud ai endpoints predict` and \
            `aws bedrock-runtime invoke-model|converse`. A URL a comment, an `echo` or a document shows is none, nor \
            is installing such a tool, asking its version or listing models. SQL sends requests too, in any `.sql` \
            file (a migration, a function's body): pg_net's `net.http_post(url := 'https://api.openai.com/v1/…', …)` \
            and pgsql-http's `http_post`, `http_get`, `http(…)` (schema-qualified or not), the URL a literal of the \
            call or one a name the call is given was assigned (`endpoint text := 'https://…'`); in a PL/pgSQL loop \
            or run by a `cron.schedule` job (or in a function of the file such a job calls), it is a batch-model-call.
            """,
        triggering: [
            DetectorExample("""
                import AsyncHTTPClient

                func complete(_ body: ByteBuffer, http: HTTPClient) async throws -> HTTPClientResponse {
                    var request = HTTPClientRequest(url: ↓"https://api.openai.com/v1/chat/completions")
                    request.method = .POST
                    request.body = .bytes(body)
                    return try await http.execute(request, timeout: .seconds(60))
                }
                """, path: "Sources/App/Complete.swift"),
            DetectorExample("""
                export async function complete(prompt) {
                  const res = await fetch(↓"https://api.openai.com/v1/chat/completions", {
                    method: "POST",
                    headers: { Authorization: `Bearer ${process.env.OPENAI_API_KEY}` },
                    body: JSON.stringify({ model: "gpt-4o", messages: [{ role: "user", content: prompt }] }),
                  });
                  return res.json();
                }
                """, path: "src/complete.js"),
            DetectorExample("""
                import requests

                def ask(body, headers):
                    resp = requests.post(↓"https://api.anthropic.com/v1/messages", headers=headers, json=body)
                    return resp.json()
                """, path: "app/ask.py"),
            DetectorExample("""
                func complete(body io.Reader) (*http.Response, error) {
                	req, _ := http.NewRequest("POST", ↓"https://api.mistral.ai/v1/chat/completions", body)
                	return http.DefaultClient.Do(req)
                }
                """, path: "internal/llm/mistral.go"),
            // Elixir's Req hands the request its client: the base URL `Req.new` was given, joined with the path.
            DetectorExample("""
                defmodule Notes.Claude do
                  def ask(body) do
                    req = Req.new(base_url: "https://api.anthropic.com")
                    ↓Req.post!(req, url: "/v1/messages", json: body)
                  end
                end
                """, path: "lib/notes/claude.ex"),
            // A Ruby method's memoised connection, handed to requests by the method's name.
            DetectorExample("""
                class OpenaiChat
                  def complete(messages)
                    ↓connection.post("/v1/chat/completions", { model: "gpt-4o-mini", messages: messages }).body
                  end

                  def connection
                    @connection ||= Faraday.new(url: "https://api.openai.com") { |f| f.request :json }
                  end
                end
                """, path: "app/clients/openai_chat.rb"),
            DetectorExample("""
                def search(query)
                  uri = URI("https://api.tavily.com/search")
                  Net::HTTP.post(↓uri, { query: query }.to_json, "Content-Type" => "application/json")
                end
                """, path: "lib/search.rb"),
            DetectorExample("""
                var request = HttpRequest.newBuilder(↓URI.create("https://api.perplexity.ai/chat/completions"))
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
                """, path: "src/main/java/app/Search.java"),
            DetectorExample("""
                const endpoint = "https://contoso.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-06-01";

                export async function chat(messages: Message[]) {
                  const res = await fetch(↓endpoint, { method: "POST", headers: { "api-key": key }, body: JSON.stringify({ messages }) });
                  return res.json();
                }
                """, path: "src/azure.ts"),
            DetectorExample("""
                import httpx

                ELEVENLABS_URL = "https://api.elevenlabs.io/v1/text-to-speech"

                async def speak(voice_id: str, text: str) -> bytes:
                    async with httpx.AsyncClient() as client:
                        r = await client.post(↓f"{ELEVENLABS_URL}/{voice_id}", json={"text": text}, headers=HEADERS)
                        return r.content
                """, path: "app/tts.py"),
            DetectorExample("""
                class GeminiEmbedder:
                    def __init__(self, base_url: str, api_key: str):
                        self.base_url = base_url
                        self.api_key = api_key

                    def embed(self, text: str) -> list[float]:
                        url = f"{self.base_url}/v1beta/models/text-embedding-004:embedContent?key={self.api_key}"
                        resp = requests.post(↓url, json={"content": {"parts": [{"text": text}]}})
                        return resp.json()["embedding"]["values"]
                """, path: "app/embeddings/gemini.py"),
            DetectorExample("""
                export async function complete(baseUrl: string, body: ChatRequest) {
                  const res = await fetch(↓`${baseUrl}/v1/chat/completions`, {
                    method: "POST",
                    headers: { "Content-Type": "application/json", Authorization: `Bearer ${apiKey}` },
                    body: JSON.stringify(body),
                  });
                  return res.json();
                }
                """, path: "src/providers/compatible.ts"),
            DetectorExample("""
                const api = axios.create({ baseURL: "https://api.firecrawl.dev/v1", headers: { Authorization: `Bearer ${key}` } });
                export const scrape = (url: string) => ↓api.post("/scrape", { url });
                """, path: "src/firecrawl.ts"),
            DetectorExample("""
                import httpx

                oai = httpx.AsyncClient(base_url="https://api.openai.com/v1", headers={"Authorization": f"Bearer {OPENAI_API_KEY}"})

                async def summarize(text: str) -> str:
                    r = await ↓oai.post("/chat/completions", json={"model": "gpt-4o-mini", "messages": [{"role": "user", "content": text}]})
                    return r.json()["choices"][0]["message"]["content"]
                """, path: "app/summarize.py"),
            DetectorExample("""
                import httpx

                openai_http = httpx.AsyncClient(base_url=↓"https://api.openai.com/v1", timeout=30)
                """, path: "app/clients.py"),
            DetectorExample("""
                func (c *Client) Search(ctx context.Context, q string) (*Result, error) {
                	req, err := http.NewRequestWithContext(ctx, http.MethodPost, ↓serperURL, bytes.NewReader(body(q)))
                	if err != nil {
                		return nil, err
                	}
                	return c.do(req)
                }

                const serperURL = "https://google.serper.dev/search"
                """, path: "internal/search/serper.go"),
            // The request's own context and method come before the URL.
            DetectorExample("""
                func Proxy(c *gin.Context) {
                	req, _ := http.NewRequestWithContext(c.Request.Context(), c.Request.Method, ↓"https://api.openai.com/v1/chat/completions", c.Request.Body)
                	req.Header.Set("Authorization", "Bearer "+upstreamKey)
                	resp, _ := http.DefaultClient.Do(req)
                	defer resp.Body.Close()
                }
                """, path: "server/proxy.go"),
            // Guzzle's `base_uri` and Spring's `WebClient` base URL: the client's requests go there.
            DetectorExample("""
                <?php
                use GuzzleHttp\\Client;

                class OpenAIService
                {
                    public function __construct()
                    {
                        $this->client = new Client(['base_uri' => 'https://api.openai.com/v1/', 'timeout' => 30]);
                    }

                    public function ask(string $prompt)
                    {
                        return $this->client->post(↓'chat/completions', ['json' => ['model' => 'gpt-4o', 'prompt' => $prompt]]);
                    }
                }
                """, path: "app/Services/OpenAIService.php"),
            // URLs built by a format call, PHP's concatenation, a brace-less template, a URL conversion.
            DetectorExample("""
                const twilioAPI = "https://api.twilio.com/2010-04-01"

                func Send(sid string, form url.Values) (*http.Response, error) {
                	return http.PostForm(↓fmt.Sprintf("%s/Accounts/%s/Messages.json", twilioAPI, sid), form)
                }
                """, path: "internal/sms/twilio.go"),
            DetectorExample("""
                <?php
                class Claude
                {
                    private const BASE = 'https://api.anthropic.com';

                    public function ask(array $body)
                    {
                        return $this->http->post(↓self::BASE . '/v1/messages', ['json' => $body]);
                    }
                }
                """, path: "app/Services/Claude.php"),
            DetectorExample("""
                private const val OPENAI_URL = "https://api.openai.com/v1"
                private const val GEOCODE_URL = "https://maps.googleapis.com/maps/api/geocode/json"

                fun chat(json: RequestBody) = Request.Builder().url(↓"$OPENAI_URL/chat/completions").post(json).build()

                fun geocode(address: String, key: String): Request {
                    val url = GEOCODE_URL.toHttpUrl().newBuilder().addQueryParameter("address", address).build()
                    return Request.Builder().url(↓url).get().build()
                }
                """, path: "src/main/kotlin/app/Clients.kt"),
            // An HTTParty class's `base_uri`; RestSharp's client and request; a Spring setting's default URL.
            DetectorExample("""
                class OpenAiClient
                  include HTTParty
                  base_uri "https://api.openai.com/v1"

                  def complete(body)
                    ↓self.class.post("/chat/completions", body: body.to_json)
                  end
                end
                """, path: "app/services/open_ai_client.rb"),
            DetectorExample("""
                public class OpenAiRest
                {
                    private readonly RestClient _client = new("https://api.openai.com/v1");

                    public Task<RestResponse> AskAsync(object body) =>
                        ↓_client.ExecuteAsync(new RestRequest("chat/completions", Method.Post).AddJsonBody(body));
                }
                """, path: "Ai/OpenAiRest.cs"),
            DetectorExample("""
                @Service
                public class CohereEmbedder {
                    @Value("${cohere.url:https://api.cohere.com/v2/embed}")
                    private String url;

                    public Map embed(Map body) {
                        return rest.postForObject(↓url, body, Map.class);
                    }
                }
                """, path: "src/main/java/app/CohereEmbedder.java"),
            // A payment provider bills the payment: creating a PaymentIntent is the call, reading a customer is not.
            DetectorExample("""
                <?php
                class Payments
                {
                    public function charge(array $form): array
                    {
                        return Http::asForm()->post(↓'https://api.stripe.com/v1/payment_intents', $form)->json();
                    }

                    public function customer(string $id): array
                    {
                        return Http::get("https://api.stripe.com/v1/customers/{$id}")->json();
                    }
                }
                """, path: "app/Services/Payments.php"),
            DetectorExample("""
                @Service
                class ChatService(private val webClient: WebClient.Builder) {
                    fun ask(body: Map<String, Any>) = webClient.baseUrl(↓"https://api.openai.com/v1/chat/completions").build()
                        .post().bodyValue(body).retrieve().bodyToMono(String::class.java).block()
                }
                """, path: "src/main/kotlin/app/ChatService.kt"),
            // Spring's, Ktor's and .NET's clients given a base apart from their requests: the request is the call.
            DetectorExample("""
                @RestController
                public class ClassifyController {
                    private final RestClient openai = RestClient.builder()
                            .baseUrl("https://api.openai.com/v1")
                            .build();

                    @PostMapping("/classify")
                    public Map classify(@RequestBody Map body) {
                        return ↓openai.post().uri("/chat/completions").body(body).retrieve().body(Map.class);
                    }
                }
                """, path: "src/main/java/app/ClassifyController.java"),
            DetectorExample("""
                @Service
                public class GroqChat {
                    private final RestClient groq = RestClient.create("https://api.groq.com/openai/v1");

                    public String chat(Map body) {
                        return ↓groq.post().uri("/chat/completions").body(body).retrieve().body(String.class);
                    }
                }
                """, path: "src/main/java/app/GroqChat.java"),
            DetectorExample("""
                class OpenAiGateway {
                    private val http = HttpClient(CIO) {
                        defaultRequest { url("https://api.openai.com/v1/") }
                    }

                    suspend fun complete(body: String) = ↓http.post("chat/completions") { setBody(body) }.bodyAsText()
                }
                """, path: "src/main/kotlin/app/OpenAiGateway.kt"),
            // A Ktor request whose URL its block builds.
            DetectorExample("""
                suspend fun title(client: HttpClient, body: String): String =
                    ↓client.post {
                        url {
                            protocol = URLProtocol.HTTPS
                            host = "api.openai.com"
                            path("v1", "chat", "completions")
                        }
                        setBody(body)
                    }.bodyAsText()
                """, path: "src/main/kotlin/app/Titles.kt"),
            DetectorExample("""
                public class ClaudeClient
                {
                    private readonly HttpClient _http = new() { BaseAddress = new Uri("https://api.anthropic.com/") };

                    public async Task<string> AskAsync(object body)
                    {
                        using var req = new HttpRequestMessage(HttpMethod.Post, "v1/messages") { Content = JsonContent.Create(body) };
                        var res = await ↓_http.SendAsync(req);
                        return await res.Content.ReadAsStringAsync();
                    }
                }
                """, path: "Services/ClaudeClient.cs"),
            // Shell text: a Dockerfile's RUN, a Makefile recipe, a package.json script send the request with curl.
            DetectorExample("""
                FROM node:20-slim
                ARG OPENAI_API_KEY
                RUN ↓curl -sS https://api.openai.com/v1/chat/completions \\
                      -H "Authorization: Bearer ${OPENAI_API_KEY}" -d @prompt.json > RELEASE_NOTES.json
                """, path: "Dockerfile"),
            // An exec form naming no shell is one command's words, run as they are.
            DetectorExample("""
                FROM alpine:3.20
                RUN ["↓curl", "-sS", "-X", "POST", "https://api.openai.com/v1/chat/completions", "-d", "@/prompts/notes.json"]
                """, path: "build/Dockerfile"),
            DetectorExample("""
                changelog:
                	↓curl -s https://api.anthropic.com/v1/messages -H "x-api-key: $$ANTHROPIC_API_KEY" -d @body.json
                """, path: "Makefile"),
            DetectorExample("""
                {
                  "scripts": {
                    "notes": "↓curl -s https://api.openai.com/v1/responses -H \\"Authorization: Bearer $OPENAI_API_KEY\\" -d @notes.json"
                  }
                }
                """, path: "package.json"),
            DetectorExample("""
                #!/bin/sh
                set -e
                reply=$(↓curl -sS "${OPENAI_BASE_URL:-https://api.openai.com/v1}/chat/completions" -d @req.json)
                echo "$reply"
                """, path: "bin/ask"),
            // A setting's paid default: unless the setting is given, the request goes to the provider.
            DetectorExample("""
                export const OPENROUTER_BASE_URL = "https://openrouter.ai/api";

                export async function forward(path, init) {
                  const baseUrl = config.openrouterUrl || OPENROUTER_BASE_URL;
                  return fetch(↓`${baseUrl}${path}`, init);
                }
                """, path: "app/api/openrouter.ts"),
            // A Helm hook Job's container runs its args as shell text, once per upgrade.
            DetectorExample("""
                apiVersion: batch/v1
                kind: Job
                metadata:
                  annotations:
                    "helm.sh/hook": post-upgrade
                spec:
                  template:
                    spec:
                      containers:
                        - name: notes
                          image: curlimages/curl:8.8.0
                          command: ["/bin/sh", "-c"]
                          args: ["↓curl -sS https://api.openai.com/v1/chat/completions -d @/config/notes.json"]
                """, path: "charts/api/templates/notes-job.yaml"),
            // Providers' own command-line tools send the request as curl does.
            DetectorExample("""
                #!/usr/bin/env bash
                set -euo pipefail
                notes=$(git log --oneline "$1"..HEAD)
                ↓openai api chat.completions.create -m gpt-4o -g system "Write release notes" -g user "$notes" > NOTES.md
                ↓llm -m claude-3.5-sonnet "Summarise for the changelog: $notes" >> NOTES.md
                """, path: "release/notes.sh"),
            DetectorExample("""
                name: triage
                on: issues
                jobs:
                  label:
                    runs-on: ubuntu-latest
                    steps:
                      - run: |
                          ↓ant messages create --model claude-sonnet-4-5 --max-tokens 512 \
                            --message "{role: user, content: \"$TITLE\"}" > label.json
                      - run: ↓aws --region us-east-1 bedrock-runtime converse --model-id "$MODEL_ID" --messages file://msgs.json
                      - run: ↓gcloud ai endpoints predict "$ENDPOINT" --region=us-central1 --json-request=req.json
                """, path: ".github/workflows/triage.yml"),
            // SQL sends requests through Postgres's HTTP extensions: pg_net in a trigger's function, pgsql-http.
            DetectorExample("""
                create or replace function public.embed_note() returns trigger language plpgsql as $$
                begin
                  perform ↓net.http_post(url := 'https://api.openai.com/v1/embeddings', body := jsonb_build_object('input', new.body));
                  return new;
                end;
                $$;
                """, path: "supabase/migrations/20240301000000_embed_notes.sql"),
            DetectorExample("""
                create or replace function classify(body text) returns text language sql as $$
                  select content from ↓extensions.http_post('https://api.anthropic.com/v1/messages', body, 'application/json');
                $$;
                """, path: "db/functions/classify.sql"),
            // Programs shell text runs inline are read as their language: an SDK's call, a request to a paid host.
            DetectorExample("""
                release-notes:
                	python -c 'import openai; print(↓openai.OpenAI().responses.create(model="gpt-4o", input=open("CHANGES").read()).output_text)'
                """, path: "Makefile"),
            DetectorExample("""
                name: triage
                on: issues
                jobs:
                  label:
                    runs-on: ubuntu-latest
                    steps:
                      - uses: actions/github-script@v7
                        with:
                          script: |
                            const r = await fetch(↓"https://api.openai.com/v1/responses", { method: "POST", body: context.payload.issue.body });
                """, path: ".github/workflows/triage.yml"),
        ],
        nonTriggering: [
            // SQL requests to the project's own service, a free listing, a read of a payment provider, or named in a
            // comment.
            DetectorExample("""
                -- net.http_post to https://api.openai.com/v1/chat/completions happens in the worker, not here.
                create or replace function notify_orders() returns trigger language plpgsql as $$
                begin
                  perform net.http_post(url := 'https://hooks.internal.example.com/orders', body := to_jsonb(new));
                  perform net.http_get('https://api.openai.com/v1/models');
                  perform net.http_get(url := 'https://api.stripe.com/v1/customers/' || new.customer);
                  return new;
                end;
                $$;
                """, path: "db/functions/webhooks.sql"),
            // A setting whose default is a server on this machine.
            DetectorExample("""
                OLLAMA_URL = "http://localhost:11434"
                BASE = os.getenv("OLLAMA_HOST") or OLLAMA_URL

                def generate(prompt):
                    return requests.post(f"{BASE}/api/generate", json={"model": "llama3.1", "prompt": prompt}).json()
                """, path: "app/local_llm.py"),
            // The same clients on the company's own services: their hosts are known, and no paid provider's.
            // Shell text that mentions a paid host without requesting it, requests a free endpoint or a local server,
            // and a README's example, which is documentation.
            DetectorExample("""
                #!/usr/bin/env bash
                # curl https://api.openai.com/v1/chat/completions -d @req.json
                echo "see https://api.openai.com/v1/chat/completions"
                curl -fsS https://api.openai.com/v1/models -H "Authorization: Bearer $OPENAI_API_KEY" > /dev/null
                curl -fsS http://localhost:8080/healthz
                """, path: "deploy/check.sh"),
            // Installing a provider's CLI, asking its version, listing models, a local model, text that names a
            // command without running it, and AWS commands of other services.
            DetectorExample("""
                #!/usr/bin/env bash
                pip install openai llm
                openai --version
                openai api models.list
                llm models default gpt-4o-mini
                llm -m llama3.2 "hello"
                echo "openai api chat.completions.create -m gpt-4o -g user hi"
                aws s3 cp dist/ s3://releases/ --recursive
                ant -f build.xml package
                """, path: "scripts/setup.sh"),
            // Inline programs that only print a version or name the SDK in a string.
            DetectorExample("""
                #!/usr/bin/env bash
                python -c 'import openai; print(openai.__version__)'
                node -e 'console.log("openai.chat.completions.create runs nightly")'
                """, path: "scripts/versions.sh"),
            DetectorExample("""
                ```sh
                curl https://api.openai.com/v1/chat/completions -H "Authorization: Bearer $OPENAI_API_KEY" -d @req.json
                ```
                """, path: "README.md"),
            DetectorExample("""
                FROM python:3.12-slim
                # RUN curl https://api.openai.com/v1/embeddings
                RUN curl -fsSL https://install.python-poetry.org | python3 -
                LABEL docs="https://api.openai.com/v1/chat/completions"
                RUN ["echo", "calls https://api.openai.com/v1/chat/completions at run time"]
                HEALTHCHECK CMD ["curl", "-fsS", "http://localhost:8000/health"]
                CMD ["python", "job.py"]
                """, path: "Dockerfile"),
            DetectorExample("""
                @Service
                public class Assistant {
                    private final RestClient gateway = RestClient.builder().baseUrl("https://llm-gateway.internal.acme.io/v1").build();

                    public Map ask(Map body) {
                        return gateway.post().uri("/chat/completions").body(body).retrieve().body(Map.class);
                    }
                }
                """, path: "src/main/java/app/Assistant.java"),
            DetectorExample("""
                class LocalModel {
                    private val http = HttpClient(CIO) {
                        defaultRequest { url("http://localhost:11434/v1/") }
                    }

                    suspend fun complete(body: String) = http.post("chat/completions") { setBody(body) }.bodyAsText()
                }
                """, path: "src/main/kotlin/app/LocalModel.kt"),
            // A Ktor server's route of the same path, and a client request built for this machine.
            DetectorExample("""
                fun Application.chatRoutes(client: HttpClient) = routing {
                    route("/v1/chat/completions") {
                        post {
                            val reply = client.post {
                                url { host = "localhost"; port = 11434; path("v1", "chat", "completions") }
                                setBody(call.receiveText())
                            }
                            call.respondText(reply.bodyAsText())
                        }
                    }
                }
                """, path: "src/main/kotlin/app/ChatRoutes.kt"),
            // Elixir: listing models costs nothing; a URL in a module attribute no request sends is no request.
            DetectorExample("""
                defmodule Notes.Health do
                  @docs_url "https://api.openai.com/v1/chat/completions"

                  def models, do: Req.get!("https://api.openai.com/v1/models").body
                  def docs, do: @docs_url
                end
                """, path: "lib/notes/health.ex"),
            // Elixir: `defp get(url, headers) do` defines a helper named like a verb; its `url` is its argument, not
            // the module's `@url` attribute.
            DetectorExample("""
                defmodule Notes.Status do
                  @url "https://api.openai.com/v1/chat/completions"

                  defp get(url, headers) do
                    Mojito.get(url, headers)
                  end
                end
                """, path: "lib/notes/status.ex"),
            // Moderation and token counting are free, as the SDKs' calls of them are.
            DetectorExample("""
                import os

                import requests

                HEADERS = {"Authorization": f"Bearer {os.environ['OPENAI_API_KEY']}"}


                def flagged(text):
                    return requests.post("https://api.openai.com/v1/moderations", headers=HEADERS, json={"input": text}).json()


                def tokens(messages):
                    return requests.post("https://api.anthropic.com/v1/messages/count_tokens", headers={"x-api-key": os.environ["ANTHROPIC_API_KEY"]}, json={"model": "claude-3-5-haiku-latest", "messages": messages})
                """, path: "app/limits.py"),
            DetectorExample("""
                <?php
                use GuzzleHttp\\Client;

                function today() {
                    $client = new Client(['base_uri' => 'https://api.weather.example/']);
                    return $client->get('today');
                }
                """, path: "app/Services/Weather.php"),
            // An OpenAI-compatible path on a self-hosted server's base (Ollama, LM Studio, vLLM) costs nothing.
            DetectorExample("""
                pub async fn completions(State(state): State<AppState>, Json(body): Json<ChatReq>) -> String {
                    let base = state.ollama_base.trim_end_matches('/');
                    let url = format!("{}/v1/chat/completions", base);
                    state.client.post(&url).json(&body).send().await.unwrap().text().await.unwrap()
                }
                """, path: "src/routes/completions.rs"),
            DetectorExample("""
                // POST https://api.openai.com/v1/chat/completions with the prompt
                export const timeoutMs = 30_000;
                """, path: "src/config.ts"),
            DetectorExample("""
                logger.info("request to https://api.openai.com failed, falling back")
                docs = "see platform.openai.com/docs for limits"
                """, path: "app/log.py"),
            DetectorExample("""
                const mirror = "https://api.openai.com.evil.example/v1";
                const other = "https://notapi.openai.company.com/";
                fetch(mirror);
                fetch(other);
                """, path: "src/hosts.js"),
            DetectorExample("""
                def ask():
                    \"\"\"Like POST https://api.anthropic.com/v1/messages, but cached.\"\"\"
                    return cache.get("answer")
                """, path: "app/cached.py"),
            DetectorExample("""
                # POST https://api.openai.com/v1/chat/completions
                Send the prompt to `https://api.openai.com/v1/chat/completions`.
                """, path: "docs/llm.md"),
            DetectorExample("""
                export const DEFAULT_OPENAI_BASE_URL = "https://api.openai.com/v1";
                export const providers = {
                  openai: { baseURL: "https://api.openai.com/v1", label: "OpenAI" },
                  anthropic: { baseURL: "https://api.anthropic.com", label: "Anthropic" },
                };
                """, path: "src/lib/constants.ts"),
            DetectorExample("""
                config = EmbeddingConfig(
                    embedding_endpoint="https://api.openai.com/v1",
                    embedding_model="text-embedding-3-small",
                    embedding_dim=1536,
                )
                base = os.environ.get("OPENAI_BASE_URL", "https://api.openai.com/v1")
                """, path: "app/config.py"),
            DetectorExample("""
                export function ProviderForm() {
                  return <input name="baseUrl" placeholder="https://api.openai.com/v1" />;
                }
                export const isOpenAI = (url: string) => url === "https://api.openai.com/v1" || url.startsWith("https://api.openai.com");
                """, path: "src/components/ProviderForm.tsx"),
            DetectorExample("""
                export async function listModels(key: string) {
                  const res = await fetch("https://api.openai.com/v1/models", { headers: { Authorization: `Bearer ${key}` } });
                  return (await res.json()).data.map((m: { id: string }) => m.id);
                }
                """, path: "src/models.ts"),
            DetectorExample("""
                from openai import OpenAI

                client = OpenAI(base_url="https://openrouter.ai/api/v1", api_key=os.environ["OPENROUTER_API_KEY"])
                """, path: "app/clients.py"),
            DetectorExample("""
                export async function generate(prompt: string) {
                  const res = await fetch("http://localhost:11434/v1/chat/completions", { method: "POST", body: JSON.stringify({ model: "llama3", messages: [{ role: "user", content: prompt }] }) });
                  return res.json();
                }
                """, path: "src/ollama.ts"),
            DetectorExample("""
                export async function send(text: string) {
                  return fetch(`${API_BASE}/v1/messages`, { method: "POST", body: JSON.stringify({ text }) });
                }
                """, path: "src/chat/api.ts"),
            // The same shapes to the company's own gateway: its host is known, and no paid provider's.
            DetectorExample("""
                const gateway = "https://llm.internal.example.com/v1"

                func Complete(body io.Reader) (*http.Response, error) {
                	return http.Post(fmt.Sprintf("%s/chat/completions", gateway), "application/json", body)
                }
                """, path: "internal/llm/gateway.go"),
            DetectorExample("""
                class GatewayClient
                  include HTTParty
                  base_uri "https://llm.internal.example.com/v1"

                  def complete(body)
                    self.class.post("/chat/completions", body: body.to_json)
                  end
                end
                """, path: "app/services/gateway_client.rb"),
            DetectorExample("""
                import requests

                STRIPE = "https://api.stripe.com/v1"

                def customer(customer_id, key):
                    return requests.get(f"{STRIPE}/customers/{customer_id}", auth=(key, "")).json()
                """, path: "app/billing.py"),
            // A client of a paid base URL through which the file only lists models.
            DetectorExample("""
                import httpx

                client = httpx.Client(base_url="https://api.openai.com/v1", headers={"Authorization": f"Bearer {key}"})

                def model_ids():
                    return [m["id"] for m in client.get("/models").json()["data"]]
                """, path: "app/models.py"),
            // Another function's `client` is another client: here the company's own model gateway.
            DetectorExample("""
                import httpx

                async def list_models():
                    async with httpx.AsyncClient(base_url="https://api.openai.com/v1") as client:
                        return (await client.get("/models")).json()

                async def complete(prompt):
                    async with httpx.AsyncClient(base_url="https://llm-gateway.internal.example") as client:
                        return (await client.post("/v1/chat/completions", json={"messages": [{"role": "user", "content": prompt}]})).json()
                """, path: "app/gateway.py"),
        ])

    public func detect(in file: SourceFile, context: DetectionContext) -> [Finding] {
        // Shell text is no code gate lexes: its requests are read by the shell reader (a single request here; one that
        // repeats is BatchModelCallDetector's).
        if file.language == nil {
            return ShellRequests.added(in: file, context: context).compactMap { request in
                guard request.batchReason == nil else { return nil }
                return .paid(
                    description, file: file, line: request.line, column: request.column,
                    message: "sends requests to \(request.provider)'s paid API from \(request.sender) (\(request.evidence))",
                    provider: request.provider, evidence: request.evidence)
            }
        }
        let analysis = FileAnalysis.of(file, context: context)
        return analysis.sites.compactMap { site in
            guard site.kind == .http, file.adds(site.line), analysis.batchReason(for: site) == nil,
                  !PreexistingPaidSites.of(file, context: context).contains(site)
            else { return nil }
            return .paid(
                description, file: file, line: site.line, column: site.column,
                message: "sends requests to \(site.provider)'s paid API (\(site.evidence))",
                provider: site.provider, evidence: site.evidence)
        }
    }
}
