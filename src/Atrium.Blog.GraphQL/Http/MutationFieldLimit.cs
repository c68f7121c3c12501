using GraphQL.Validation;
using GraphQLParser.AST;
using Microsoft.Extensions.Options;

namespace Atrium.Blog.GraphQL.Http;

/// <summary>
/// Caps the writes one request may carry. The rate limiter counts requests, and aliases would let one
/// request hold hundreds of mutations; counted through fragments, as the executor would run them.
/// </summary>
internal sealed class MutationFieldLimit(IOptions<GraphQLOptions> options) : ValidationRuleBase
{
    public override ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context)
    {
        var max = options.Value.MaxMutationsPerRequest;
        if (context.Operation.Operation == OperationType.Mutation && Count(context, context.Operation.SelectionSet, depth: 0) is var count && count > max)
        {
            context.ReportError(new ValidationError(context.Document.Source, "MUTATION_LIMIT",
                $"The request holds {count} mutations; at most {max} are allowed in one request.", context.Operation)
            {
                Code = "MUTATION_LIMIT",
            });
        }

        return default;
    }

    private static int Count(ValidationContext context, GraphQLSelectionSet set, int depth) =>
        // Fragment cycles are reported by the spec's own rule; the depth guard only keeps this finite.
        depth > 10 ? 0 : set.Selections.Sum(selection => selection switch
        {
            GraphQLField => 1,
            GraphQLInlineFragment inline => Count(context, inline.SelectionSet, depth + 1),
            GraphQLFragmentSpread spread when Fragment(context, spread.FragmentName.Name) is { } fragment =>
                Count(context, fragment.SelectionSet, depth + 1),
            _ => 0,
        });

    private static GraphQLFragmentDefinition? Fragment(ValidationContext context, GraphQLName name) =>
        context.Document.Definitions.OfType<GraphQLFragmentDefinition>().FirstOrDefault(f => f.FragmentName.Name == name);
}
