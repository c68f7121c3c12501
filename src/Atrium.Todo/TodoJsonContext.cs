using System.Text.Json;
using System.Text.Json.Serialization;
using Atrium.Todo.Lists;
using Atrium.Todo.Todos;

namespace Atrium.Todo;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(TodoResponse))]
[JsonSerializable(typeof(List<TodoResponse>))]
[JsonSerializable(typeof(CreateTodoRequest))]
[JsonSerializable(typeof(TodoListResponse))]
[JsonSerializable(typeof(TodoListsEnvelope))]
[JsonSerializable(typeof(CreateTodoListRequest))]
[JsonSerializable(typeof(RenameTodoListRequest))]
[JsonSerializable(typeof(JsonElement))]
internal sealed partial class TodoJsonContext : JsonSerializerContext;
