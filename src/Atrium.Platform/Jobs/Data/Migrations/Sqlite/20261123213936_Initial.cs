using System;
using Atrium.Platform.Data;
using Atrium.Platform.Jobs.Data;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Atrium.Platform.Jobs.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "jobs_job_runs",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    owner_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    progress = table.Column<int>(type: "INTEGER", nullable: false),
                    message = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    attempt = table.Column<int>(type: "INTEGER", nullable: false),
                    max_attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    args = table.Column<string>(type: "TEXT", nullable: false),
                    next_attempt_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    last_error = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    result_path = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: true),
                    cancel_requested = table.Column<bool>(type: "INTEGER", nullable: false),
                    worker = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    started_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    finished_at = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_jobs_job_runs", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "jobs_workers",
                columns: table => new
                {
                    instance_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    started_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    last_seen_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_jobs_workers", x => x.instance_id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_jobs_job_runs_finished_at",
                table: "jobs_job_runs",
                column: "finished_at");

            migrationBuilder.CreateIndex(
                name: "ix_jobs_job_runs_owner_id",
                table: "jobs_job_runs",
                column: "owner_id");

            migrationBuilder.CreateIndex(
                name: "ix_jobs_job_runs_status",
                table: "jobs_job_runs",
                column: "status");

            // Quartz's own tables, from the schema script Quartz 4.7.3 ships (see QuartzSchema).
            QuartzSchema.Create(migrationBuilder, DatabaseProvider.Sqlite);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            QuartzSchema.Drop(migrationBuilder, DatabaseProvider.Sqlite);

            migrationBuilder.DropTable(
                name: "jobs_job_runs");

            migrationBuilder.DropTable(
                name: "jobs_workers");
        }
    }
}
