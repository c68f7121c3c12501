using Atrium.Blog.Articles;
using Atrium.Platform.Messaging;
using Microsoft.EntityFrameworkCore.Design;

namespace Atrium.Blog.Data;

/// <summary>The blog's tables (schema <c>blog</c>) plus the platform's read-only profile view.</summary>
public abstract class BlogDbContext(DbContextOptions options, DatabaseProvider provider) : DbContext(options)
{
    public const string Schema = "blog";

    public DbSet<Article> Articles => Set<Article>();

    public DbSet<ArticleTag> ArticleTags => Set<ArticleTag>();

    public DbSet<Favorite> Favorites => Set<Favorite>();

    public DbSet<Follow> Follows => Set<Follow>();

    public DbSet<Comment> Comments => Set<Comment>();

    public DbSet<AccountProfile> Profiles => Set<AccountProfile>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.MapAccountProfiles();
        modelBuilder.Entity<Article>(b =>
        {
            b.ToTable("articles");
            b.HasKey(a => a.Id);
            b.Property(a => a.Slug).HasMaxLength(ArticleRules.MaxSlugLength);
            b.Property(a => a.Title).HasMaxLength(ArticleRules.MaxTitleLength);
            b.Property(a => a.Description).HasMaxLength(ArticleRules.MaxDescriptionLength);
            b.HasIndex(a => a.Slug).IsUnique();
            b.HasIndex(a => a.AuthorId);
            b.HasIndex(a => a.CreatedAt);
            // The author lives in the accounts view: navigable for joins, no constraint across modules.
            b.HasOne(a => a.Author).WithMany().HasForeignKey(a => a.AuthorId);
            b.HasMany(a => a.Tags).WithOne().HasForeignKey(t => t.ArticleId).OnDelete(DeleteBehavior.Cascade);
            b.HasMany(a => a.Favorites).WithOne().HasForeignKey(f => f.ArticleId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<ArticleTag>(b =>
        {
            b.ToTable("article_tags");
            b.HasKey(t => new { t.ArticleId, t.Tag });
            b.Property(t => t.Tag).HasMaxLength(ArticleRules.MaxTagLength);
            b.HasIndex(t => t.Tag);
        });
        modelBuilder.Entity<Favorite>(b =>
        {
            b.ToTable("favorites");
            b.HasKey(f => new { f.ArticleId, f.UserId });
            b.HasIndex(f => f.UserId);
        });
        modelBuilder.Entity<Follow>(b =>
        {
            b.ToTable("follows");
            b.HasKey(f => new { f.FollowerId, f.FolloweeId });
            b.HasIndex(f => f.FolloweeId);
        });
        modelBuilder.Entity<Comment>(b =>
        {
            b.ToTable("comments");
            b.HasKey(c => c.Id);
            b.HasIndex(c => c.ArticleId);
            b.HasOne<Article>().WithMany().HasForeignKey(c => c.ArticleId).OnDelete(DeleteBehavior.Cascade);
            b.HasOne(c => c.Author).WithMany().HasForeignKey(c => c.AuthorId);
        });
        modelBuilder.AddOutbox();
        ModuleSchema.Apply(modelBuilder, Schema, provider);
    }
}

public sealed class SqliteBlogDbContext(DbContextOptions<SqliteBlogDbContext> options)
    : BlogDbContext(options, DatabaseProvider.Sqlite);

public sealed class PostgresBlogDbContext(DbContextOptions<PostgresBlogDbContext> options)
    : BlogDbContext(options, DatabaseProvider.Postgres);

internal sealed class SqliteBlogDesignTimeFactory : IDesignTimeDbContextFactory<SqliteBlogDbContext>
{
    public SqliteBlogDbContext CreateDbContext(string[] args) =>
        DesignTimeContext.Create<SqliteBlogDbContext>(DatabaseProvider.Sqlite, BlogDbContext.Schema, o => new(o));
}

internal sealed class PostgresBlogDesignTimeFactory : IDesignTimeDbContextFactory<PostgresBlogDbContext>
{
    public PostgresBlogDbContext CreateDbContext(string[] args) =>
        DesignTimeContext.Create<PostgresBlogDbContext>(DatabaseProvider.Postgres, BlogDbContext.Schema, o => new(o));
}
