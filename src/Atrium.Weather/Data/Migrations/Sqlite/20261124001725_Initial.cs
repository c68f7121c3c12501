using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Atrium.Weather.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "weather_api_keys",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    owner_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    hash = table.Column<string>(type: "TEXT", maxLength: 43, nullable: false),
                    prefix = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    revoked_at = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_weather_api_keys", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "weather_requests",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    caller_kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    caller_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    endpoint = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    latitude = table.Column<double>(type: "REAL", nullable: true),
                    longitude = table.Column<double>(type: "REAL", nullable: true),
                    place = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    query = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    cache = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    status = table.Column<int>(type: "INTEGER", nullable: false),
                    upstream_status = table.Column<int>(type: "INTEGER", nullable: true),
                    upstream_milliseconds = table.Column<double>(type: "REAL", nullable: true),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_weather_requests", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_weather_api_keys_hash",
                table: "weather_api_keys",
                column: "hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_weather_api_keys_owner_id_created_at",
                table: "weather_api_keys",
                columns: new[] { "owner_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_weather_requests_caller_kind_caller_id_created_at",
                table: "weather_requests",
                columns: new[] { "caller_kind", "caller_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_weather_requests_created_at",
                table: "weather_requests",
                column: "created_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "weather_api_keys");

            migrationBuilder.DropTable(
                name: "weather_requests");
        }
    }
}
