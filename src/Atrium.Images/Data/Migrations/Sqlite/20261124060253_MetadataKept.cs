using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Atrium.Images.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class MetadataKept : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_images_images_owner_id_content_hash",
                table: "images_images");

            // Existing rows become "stripped" (false), the default: no column recorded the choice before.
            migrationBuilder.AddColumn<bool>(
                name: "metadata_kept",
                table: "images_images",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateIndex(
                name: "ix_images_images_owner_id_content_hash_metadata_kept",
                table: "images_images",
                columns: new[] { "owner_id", "content_hash", "metadata_kept" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_images_images_owner_id_content_hash_metadata_kept",
                table: "images_images");

            migrationBuilder.DropColumn(
                name: "metadata_kept",
                table: "images_images");

            migrationBuilder.CreateIndex(
                name: "ix_images_images_owner_id_content_hash",
                table: "images_images",
                columns: new[] { "owner_id", "content_hash" },
                unique: true);
        }
    }
}
