using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Atrium.Images.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "images_images",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    owner_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    format = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    width = table.Column<int>(type: "INTEGER", nullable: false),
                    height = table.Column<int>(type: "INTEGER", nullable: false),
                    frames = table.Column<int>(type: "INTEGER", nullable: false),
                    bytes = table.Column<long>(type: "INTEGER", nullable: false),
                    content_hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_images_images", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "images_outbox_messages",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    type = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    payload = table.Column<string>(type: "TEXT", nullable: false),
                    occurred_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    trace_parent = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    dispatched_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    lock_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    locked_until = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_images_outbox_messages", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_images_images_content_hash",
                table: "images_images",
                column: "content_hash");

            migrationBuilder.CreateIndex(
                name: "ix_images_images_owner_id_content_hash",
                table: "images_images",
                columns: new[] { "owner_id", "content_hash" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_images_outbox_messages_dispatched_at_occurred_at",
                table: "images_outbox_messages",
                columns: new[] { "dispatched_at", "occurred_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "images_images");

            migrationBuilder.DropTable(
                name: "images_outbox_messages");
        }
    }
}
