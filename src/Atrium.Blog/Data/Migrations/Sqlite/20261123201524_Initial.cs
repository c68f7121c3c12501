using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Atrium.Blog.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "blog_articles",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    slug = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    title = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    description = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: false),
                    body = table.Column<string>(type: "TEXT", nullable: false),
                    author_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    tag_list = table.Column<string>(type: "TEXT", nullable: false),
                    favorites_count = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_blog_articles", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "blog_follows",
                columns: table => new
                {
                    follower_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    followee_id = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_blog_follows", x => new { x.follower_id, x.followee_id });
                });

            migrationBuilder.CreateTable(
                name: "blog_article_tags",
                columns: table => new
                {
                    article_id = table.Column<long>(type: "INTEGER", nullable: false),
                    tag = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_blog_article_tags", x => new { x.article_id, x.tag });
                    table.ForeignKey(
                        name: "fk_blog_article_tags_blog_articles_article_id",
                        column: x => x.article_id,
                        principalTable: "blog_articles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "blog_comments",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    article_id = table.Column<long>(type: "INTEGER", nullable: false),
                    author_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    body = table.Column<string>(type: "TEXT", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_blog_comments", x => x.id);
                    table.ForeignKey(
                        name: "fk_blog_comments_blog_articles_article_id",
                        column: x => x.article_id,
                        principalTable: "blog_articles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "blog_favorites",
                columns: table => new
                {
                    article_id = table.Column<long>(type: "INTEGER", nullable: false),
                    user_id = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_blog_favorites", x => new { x.article_id, x.user_id });
                    table.ForeignKey(
                        name: "fk_blog_favorites_blog_articles_article_id",
                        column: x => x.article_id,
                        principalTable: "blog_articles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_blog_article_tags_tag",
                table: "blog_article_tags",
                column: "tag");

            migrationBuilder.CreateIndex(
                name: "ix_blog_articles_author_id",
                table: "blog_articles",
                column: "author_id");

            migrationBuilder.CreateIndex(
                name: "ix_blog_articles_created_at",
                table: "blog_articles",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "ix_blog_articles_slug",
                table: "blog_articles",
                column: "slug",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_blog_comments_article_id",
                table: "blog_comments",
                column: "article_id");

            migrationBuilder.CreateIndex(
                name: "ix_blog_comments_author_id",
                table: "blog_comments",
                column: "author_id");

            migrationBuilder.CreateIndex(
                name: "ix_blog_favorites_user_id",
                table: "blog_favorites",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_blog_follows_followee_id",
                table: "blog_follows",
                column: "followee_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "blog_article_tags");

            migrationBuilder.DropTable(
                name: "blog_comments");

            migrationBuilder.DropTable(
                name: "blog_favorites");

            migrationBuilder.DropTable(
                name: "blog_follows");

            migrationBuilder.DropTable(
                name: "blog_articles");
        }
    }
}
