import XCTest
@testable import GateSQL

/// Hibernate's and JPA's schema generation read from the application's settings files.
final class SchemaGenerationSettingsTests: XCTestCase {
    private func settings(_ text: String, _ path: String) -> [String] {
        SchemaGenerationSettings.find(in: Array(text.utf8), path: path).map { "\($0.line) \($0.call)" }
    }

    func testWhichFilesHoldSettings() {
        for path in ["src/main/resources/application.yml", "application-prod.properties", "app/application.yaml",
                     "src/main/resources/META-INF/persistence.xml", "hibernate.cfg.xml", "hibernate.properties"] {
            XCTAssertTrue(SchemaGenerationSettings.isSettingsFile(path), path)
        }
        for path in ["src/main/resources/application-dev.yml", "application-local.properties", "application-test.yaml",
                     "applications.yml", "src/application.ts", "config/application.rb", "application-it-h2.yml"] {
            XCTAssertFalse(SchemaGenerationSettings.isSettingsFile(path), path)
        }
    }

    func testPropertiesKeysValuesAndProfiles() {
        let text = """
            # spring.jpa.hibernate.ddl-auto=update
            spring.jpa.hibernate.ddl-auto=validate
            spring.jpa.hibernate.ddl_auto = update
            spring.jpa.properties.hibernate.hbm2ddl.auto: create-drop
            spring.jpa.hibernate.ddl-auto=${DDL_AUTO:create}
            spring.jpa.hibernate.ddl-auto=${DDL_AUTO}
            %dev.quarkus.hibernate-orm.database.generation=drop-and-create
            %prod.quarkus.hibernate-orm.database.generation=update
            spring.jpa.hibernate.ddl-auto=none
            """
        XCTAssertEqual(settings(text, "application.properties"), [
            "3 spring.jpa.hibernate.ddl_auto = update", "4 spring.jpa.properties.hibernate.hbm2ddl.auto: create-drop",
            "5 spring.jpa.hibernate.ddl-auto=${DDL_AUTO:create}", "8 %prod.quarkus.hibernate-orm.database.generation=update",
        ])
    }

    func testYAMLNestingDocumentsAndProfiles() {
        let text = """
            spring:
              jpa:
                hibernate:
                  ddl-auto: update   # for now
                properties:
                  hibernate.hbm2ddl.auto: validate
              other:
                ddl-auto: update
            ---
            spring:
              config:
                activate:
                  on-profile: local
              jpa.hibernate.ddl-auto: create-drop
            ---
            spring.config.activate.on-profile: prod
            spring.jpa.hibernate.ddl-auto: "create"
            """
        XCTAssertEqual(settings(text, "application.yml"), [
            "4 spring.jpa.hibernate.ddl-auto: update   # for now", "17 spring.jpa.hibernate.ddl-auto: \"create\"",
        ])
    }

    func testWindowsLineEndingsAndBytesBeyondUTF8() {
        let properties = "spring.application.name=caf\u{E9}\r\nspring.jpa.hibernate.ddl-auto=update\r\n"
        XCTAssertEqual(settings(properties, "application.properties"), ["2 spring.jpa.hibernate.ddl-auto=update"])
        let yaml = "spring:\r\n  jpa:\r\n    hibernate:\r\n      ddl-auto: create\r\n---\r\nspring.profiles: dev\r\nspring.jpa.hibernate.ddl-auto: update\r\n"
        XCTAssertEqual(settings(yaml, "application.yml"), ["4 spring.jpa.hibernate.ddl-auto: create"])
        // Latin-1 bytes (a properties file's historical encoding) read as replacement characters, the setting still.
        var latin1 = Array("# Gr".utf8) + [0xFC, 0xDF] + Array("e\nhibernate.hbm2ddl.auto=update\n".utf8)
        latin1 += [0xFF]
        XCTAssertEqual(SchemaGenerationSettings.find(in: latin1, path: "hibernate.properties").map(\.line), [2])
    }

    func testXMLProperties() {
        let text = """
            <property name="hibernate.hbm2ddl.auto" value="update"/>
            <property name="hbm2ddl.auto">create</property>
            <property name="hibernate.hbm2ddl.auto" value="validate"/>
            <property name="hibernate.show_sql" value="true"/>
            """
        XCTAssertEqual(settings(text, "persistence.xml"), ["1 hibernate.hbm2ddl.auto=update", "2 hbm2ddl.auto=create"])
    }
}
