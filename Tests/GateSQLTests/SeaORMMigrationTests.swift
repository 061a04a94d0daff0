import XCTest
@testable import GateSQL

/// SeaORM migrations are found in the `migration` crate and read from `up`, names as `DeriveIden` makes them.
final class SeaORMMigrationTests: XCTestCase {
    static let migration = """
        use sea_orm_migration::{prelude::*, schema::*};

        #[derive(DeriveMigrationName)]
        pub struct Migration;

        #[async_trait::async_trait]
        impl MigrationTrait for Migration {
            async fn up<'s, 'sm>(&'s self, manager: &'sm SchemaManager<'sm>) -> Result<(), DbErr> {
                manager
                    .alter_table(
                        Table::alter()
                            .table(Post::Table)
                            .drop_column(Post::LegacySlug)
                            .add_column(ColumnDef::new(Post::Views).big_integer().not_null())
                            .to_owned(),
                    )
                    .await?;
                manager
                    .create_table(
                        Table::create()
                            .table(Tag::Table)
                            .if_not_exists()
                            .col(pk_auto(Tag::Id))
                            .col(string(Tag::Name))
                            .to_owned(),
                    )
                    .await?;
                manager
                    .create_index(Index::create().name("idx-post-views").table(Post::Table).col(Post::Views).to_owned())
                    .await?;
                let db = manager.get_connection();
                db.execute_unprepared(
                    "UPDATE post
                     SET views = 0",
                )
                .await?;
                Ok(())
            }

            async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
                manager.drop_table(Table::drop().table(Tag::Table).to_owned()).await
            }
        }

        #[derive(DeriveIden)]
        enum Post {
            Table,
            LegacySlug,
            Views,
        }

        #[derive(DeriveIden)]
        enum Tag {
            #[sea_orm(iden = "tags")]
            Table,
            Id,
            Name,
        }
        """

    func testSeaQueryBuilders() {
        let kind = MigrationLayout.classify("migration/src/m20240501_000001_rework_post.rs", head: Array(Self.migration.utf8))
        XCTAssertEqual(kind?.format, .seaORM)
        let script = FrameworkMigrationReader.read(Array(Self.migration.utf8), format: .seaORM).analyze()
        XCTAssertEqual(script.statements.map(\.statement.text), [
            "ALTER TABLE post DROP COLUMN legacy_slug",
            "ALTER TABLE post ADD COLUMN views bigint NOT NULL",
            // `#[sea_orm(iden = "tags")]` names the table.
            "CREATE TABLE tags (id serial PRIMARY KEY, name varchar NOT NULL)",
            #"CREATE INDEX "idx-post-views" ON post (views)"#,
            // A string across lines, after a signature whose lifetimes (`'s`, `'sm`) are no quotes.
            "UPDATE post\n             SET views = 0",
        ])
        XCTAssertEqual(script.statements.map(\.statement.line), [13, 14, 20, 29, 32])
        XCTAssertEqual(script.statements.map { $0.hazards.first ?? "" }, [
            "drop-column", "not-null-without-default", "prefer-bigint-key", "index-without-concurrently", "unbatched-backfill",
        ])
    }

    func testTheMigratorAndEntitiesAreNotMigrations() {
        let migrator = "pub use sea_orm_migration::prelude::*;\npub struct Migrator;\nimpl MigratorTrait for Migrator {}\n"
        XCTAssertNil(MigrationLayout.classify("migration/src/lib.rs", head: Array(migrator.utf8)))
        XCTAssertNil(MigrationLayout.classify("entity/src/post.rs", head: Array(Self.migration.utf8)))
    }
}
