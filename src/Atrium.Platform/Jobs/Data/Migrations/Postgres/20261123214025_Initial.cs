using System;
using Atrium.Platform.Data;
using Atrium.Platform.Jobs.Data;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Atrium.Platform.Jobs.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "jobs");

            migrationBuilder.CreateTable(
                name: "job_runs",
                schema: "jobs",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    owner_id = table.Column<Guid>(type: "uuid", nullable: true),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    progress = table.Column<int>(type: "integer", nullable: false),
                    message = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    attempt = table.Column<int>(type: "integer", nullable: false),
                    max_attempts = table.Column<int>(type: "integer", nullable: false),
                    args = table.Column<string>(type: "text", nullable: false),
                    next_attempt_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    last_error = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    result_path = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: true),
                    cancel_requested = table.Column<bool>(type: "boolean", nullable: false),
                    worker = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    started_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    finished_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_job_runs", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "workers",
                schema: "jobs",
                columns: table => new
                {
                    instance_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    started_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    last_seen_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_workers", x => x.instance_id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_job_runs_finished_at",
                schema: "jobs",
                table: "job_runs",
                column: "finished_at");

            migrationBuilder.CreateIndex(
                name: "ix_job_runs_owner_id",
                schema: "jobs",
                table: "job_runs",
                column: "owner_id");

            migrationBuilder.CreateIndex(
                name: "ix_job_runs_status",
                schema: "jobs",
                table: "job_runs",
                column: "status");

            // Quartz's own tables, from the schema script Quartz 4.7.3 ships (see QuartzSchema).
            QuartzSchema.Create(migrationBuilder, DatabaseProvider.Postgres);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            QuartzSchema.Drop(migrationBuilder, DatabaseProvider.Postgres);

            migrationBuilder.DropTable(
                name: "job_runs",
                schema: "jobs");

            migrationBuilder.DropTable(
                name: "workers",
                schema: "jobs");
        }
    }
}
