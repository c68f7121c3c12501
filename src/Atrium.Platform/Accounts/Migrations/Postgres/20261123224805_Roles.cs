using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Atrium.Platform.Accounts.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Roles : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "disabled_at",
                schema: "accounts",
                table: "users",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "is_admin",
                schema: "accounts",
                table: "users",
                type: "boolean",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "disabled_at",
                schema: "accounts",
                table: "users");

            migrationBuilder.DropColumn(
                name: "is_admin",
                schema: "accounts",
                table: "users");
        }
    }
}
