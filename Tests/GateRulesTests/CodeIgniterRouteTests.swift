import GateCore
import GateRules
import XCTest

/// CodeIgniter 4: routes in app/Config/Routes.php name controller methods as strings (`'Chat::ask'`, in the default
/// `App\Controllers` namespace), guarded by a route's or group's `filter` option or by app/Config/Filters.php.
final class CodeIgniterRouteTests: XCTestCase {
    private static func routes(_ registrations: String) -> String {
        """
        <?php

        use CodeIgniter\\Router\\RouteCollection;

        /**
         * @var RouteCollection $routes
         */
        $routes->get('/', 'Home::index');
        \(registrations)
        """
    }

    private static func controller(_ namespace: String, _ name: String) -> String {
        """
        <?php

        namespace \(namespace);

        use OpenAI;

        class \(name) extends BaseController
        {
            public function ask()
            {
                $client = OpenAI::client(getenv('OPENAI_API_KEY'));
                $result = $client->chat()->create(['model' => 'gpt-4o', 'messages' => [['role' => 'user', 'content' => $this->request->getPost('q')]]]);
                return $this->response->setJSON(['answer' => $result->choices[0]->message->content]);
            }

            public function index()
            {
                return view('chat');
            }
        }
        """
    }

    private static let controllers = [
        "app/Controllers/Chat.php": controller("App\\Controllers", "Chat"),
        "app/Controllers/Api/Completion.php": controller("App\\Controllers\\Api", "Completion"),
    ]

    private func open(_ registrations: String, filters: String? = nil) -> [String] {
        var files = Self.controllers
        files["app/Config/Routes.php"] = Self.routes(registrations)
        if let filters { files["app/Config/Filters.php"] = filters }
        return EndpointGuardScopeTests.openRoutes("app/Config/Routes.php", head: files)
    }

    func testARouteToAPaidControllerMethodWithNoFilterIsOpen() {
        XCTAssertEqual(open("$routes->post('chat', 'Chat::ask');"), ["POST chat"])
        XCTAssertEqual(open("$routes->post('api/complete', 'Api\\Completion::ask');"), ["POST api/complete"])
        XCTAssertEqual(open("$routes->post('chat/(:num)', '\\App\\Controllers\\Chat::ask/$1');"), ["POST chat/(:num)"])
        // A route to a method that spends nothing.
        XCTAssertEqual(open("$routes->get('chat', 'Chat::index');"), [])
    }

    func testRouteAndGroupFiltersGuard() {
        XCTAssertEqual(open("$routes->post('chat', 'Chat::ask', ['filter' => 'session']);"), [])
        XCTAssertEqual(open("$routes->post('chat', 'Chat::ask', ['filter' => ['csrf', 'tokens']]);"), [])
        XCTAssertEqual(open("""
            $routes->group('api', ['filter' => 'jwt'], static function ($routes) {
                $routes->post('complete', 'Api\\Completion::ask');
            });
            """), [])
        // A filter that checks no caller.
        XCTAssertEqual(open("$routes->post('chat', 'Chat::ask', ['filter' => 'cors']);"), ["POST chat"])
    }

    func testGlobalFiltersGuardEveryRouteTheirExceptionsLeaveIn() {
        let filters = """
            <?php

            namespace Config;

            use CodeIgniter\\Config\\Filters as BaseFilters;

            class Filters extends BaseFilters
            {
                public array $aliases = [
                    'csrf'    => \\CodeIgniter\\Filters\\CSRF::class,
                    'session' => \\CodeIgniter\\Shield\\Filters\\SessionAuth::class,
                ];

                public array $globals = [
                    'before' => [
                        // 'honeypot',
                        'csrf',
                        'session' => ['except' => ['login*', 'register', 'public/*']],
                    ],
                    'after' => [],
                ];

                public array $filters = [
                    'tokens' => ['before' => ['api/*']],
                ];
            }
            """
        XCTAssertEqual(open("$routes->post('chat', 'Chat::ask');", filters: filters), [])
        XCTAssertEqual(open("$routes->post('public/chat', 'Chat::ask');", filters: filters), ["POST public/chat"])
        // Only the aliases, no filter run: every route stays open.
        let aliasesOnly = filters.replacingOccurrences(of: "'session' => ['except' => ['login*', 'register', 'public/*']],", with: "")
            .replacingOccurrences(of: "'tokens' => ['before' => ['api/*']],", with: "")
        XCTAssertEqual(open("$routes->post('chat', 'Chat::ask');", filters: aliasesOnly), ["POST chat"])
        // A pattern filter covers the routes it matches.
        XCTAssertEqual(open("$routes->post('api/complete', 'Api\\Completion::ask');", filters: aliasesOnly
            .replacingOccurrences(of: "public array $filters = [", with: "public array $filters = [\n        'tokens' => ['before' => ['api/*']],")), [])
    }
}
