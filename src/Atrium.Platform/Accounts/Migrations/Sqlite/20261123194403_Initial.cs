using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Atrium.Platform.Accounts.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "accounts_users",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    username = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    normalized_username = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    email = table.Column<string>(type: "TEXT", maxLength: 254, nullable: false),
                    normalized_email = table.Column<string>(type: "TEXT", maxLength: 254, nullable: false),
                    password_hash = table.Column<string>(type: "TEXT", nullable: false),
                    bio = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    image = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: true),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_accounts_users", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_accounts_users_normalized_email",
                table: "accounts_users",
                column: "normalized_email",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_accounts_users_normalized_username",
                table: "accounts_users",
                column: "normalized_username",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_accounts_users_username",
                table: "accounts_users",
                column: "username",
                unique: true);

            // The published contract modules read (AccountProfile): public fields only, never hashes or e-mails.
            migrationBuilder.Sql("CREATE VIEW accounts_profiles AS SELECT id, username, bio, image FROM accounts_users;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP VIEW accounts_profiles;");

            migrationBuilder.DropTable(
                name: "accounts_users");
        }
    }
}
