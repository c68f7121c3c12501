// The TodoMVC app over Atrium's todo API. No framework: state in one array, one render function.
// The first paint comes from the server; this script reads that markup as its initial state.
(function () {
  'use strict';

  var body = document.body;
  var csrf = document.querySelector('meta[name="csrf-token"]').content;
  var listsUrl = body.dataset.listsUrl;
  var listId = body.dataset.listId || null;
  var signedIn = body.dataset.signedIn === 'true';

  var newTodo = document.querySelector('.new-todo');
  var main = document.querySelector('.main');
  var footer = document.querySelector('.footer');
  var list = document.querySelector('.todo-list');
  var toggleAll = document.querySelector('.toggle-all');
  var count = document.querySelector('.todo-count');
  var clearCompleted = document.querySelector('.clear-completed');

  var todos = Array.prototype.map.call(list.querySelectorAll('li'), function (li) {
    return { id: Number(li.dataset.id), title: li.querySelector('label').textContent, completed: li.classList.contains('completed') };
  });

  function todosUrl() { return listsUrl + '/' + encodeURIComponent(listId) + '/todos'; }
  function todoUrl(todo) { return todosUrl() + '/' + todo.id; }

  // Every call carries the antiforgery token; the session cookie goes along because it is same-origin.
  function api(method, url, data) {
    var init = { method: method, credentials: 'same-origin', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf } };
    if (data !== undefined) { init.body = JSON.stringify(data); }
    live.started(method);
    // Settled once the body is read, not when the headers arrive: a live reload let in between could
    // apply this very write before the caller does (a new todo listed twice).
    return fetch(url, init).then(function (res) {
      if (res.status === 204) { return null; }
      return res.json().catch(function () { return null; }).then(function (json) {
        if (!res.ok) { var error = new Error('HTTP ' + res.status); error.status = res.status; error.body = json; throw error; }
        return json;
      });
    }).finally(live.settled);
  }

  function report(error) {
    if (error && error.status === 401) { location.reload(); return; }
    console.error(error);
  }

  // A list is created on the first todo: a visitor who only looks leaves nothing behind.
  function ensureList() {
    if (listId) { return Promise.resolve(listId); }
    return api('POST', listsUrl, {}).then(function (created) {
      listId = created.id;
      body.dataset.listId = listId;
      var who = document.querySelector('.account .who');
      if (created.guest && who) { who.textContent = 'Guest list: sign up to keep it'; }
      var picker = document.querySelector('.list-select');
      if (picker) { picker.append(new Option(created.title, created.id, true, true)); }
      return listId;
    });
  }

  function filter() {
    var hash = location.hash;
    return hash === '#/active' ? 'active' : hash === '#/completed' ? 'completed' : 'all';
  }

  function visible(todo) {
    var f = filter();
    return f === 'all' || (f === 'active' ? !todo.completed : todo.completed);
  }

  function render() {
    list.textContent = '';
    todos.filter(visible).forEach(function (todo) {
      var li = document.createElement('li');
      li.dataset.id = String(todo.id);
      if (todo.completed) { li.className = 'completed'; }
      var view = document.createElement('div');
      view.className = 'view';
      var toggle = document.createElement('input');
      toggle.className = 'toggle';
      toggle.type = 'checkbox';
      toggle.checked = todo.completed;
      var label = document.createElement('label');
      label.textContent = todo.title;
      var destroy = document.createElement('button');
      destroy.className = 'destroy';
      destroy.setAttribute('aria-label', 'Delete');
      view.append(toggle, label, destroy);
      var edit = document.createElement('input');
      edit.className = 'edit';
      edit.value = todo.title;
      li.append(view, edit);
      list.append(li);
    });

    var active = todos.filter(function (t) { return !t.completed; }).length;
    main.hidden = todos.length === 0;
    footer.hidden = todos.length === 0;
    toggleAll.checked = todos.length > 0 && active === 0;
    count.textContent = '';
    var strong = document.createElement('strong');
    strong.textContent = String(active);
    count.append(strong, ' ' + (active === 1 ? 'item' : 'items') + ' left');
    clearCompleted.hidden = active === todos.length;
    var current = filter() === 'all' ? '#/' : '#/' + filter();
    document.querySelectorAll('.filters a').forEach(function (a) {
      a.classList.toggle('selected', a.getAttribute('href') === current);
    });
  }

  function find(element) {
    var li = element.closest('li');
    var id = Number(li.dataset.id);
    return { li: li, todo: todos.find(function (t) { return t.id === id; }) };
  }

  function replace(updated) {
    todos = todos.map(function (t) { return t.id === updated.id ? { id: updated.id, title: updated.title, completed: updated.completed } : t; });
  }

  function remove(todo) {
    return api('DELETE', todoUrl(todo)).then(function () {
      todos = todos.filter(function (t) { return t.id !== todo.id; });
      render();
    });
  }

  newTodo.addEventListener('keydown', function (e) {
    if (e.key !== 'Enter') { return; }
    var title = newTodo.value.trim();
    if (!title) { return; }
    newTodo.value = '';
    ensureList().then(function () {
      return api('POST', todosUrl(), { title: title, order: todos.length + 1 });
    }).then(function (created) {
      if (!todos.some(function (t) { return t.id === created.id; })) {
        todos.push({ id: created.id, title: created.title, completed: created.completed });
      }
      render();
    }).catch(report);
  });

  list.addEventListener('change', function (e) {
    if (!e.target.classList.contains('toggle')) { return; }
    var found = find(e.target);
    api('PATCH', todoUrl(found.todo), { completed: e.target.checked }).then(function (updated) {
      replace(updated);
      render();
    }).catch(report);
  });

  list.addEventListener('click', function (e) {
    if (!e.target.classList.contains('destroy')) { return; }
    remove(find(e.target).todo).catch(report);
  });

  list.addEventListener('dblclick', function (e) {
    if (e.target.tagName !== 'LABEL') { return; }
    var li = e.target.closest('li');
    li.classList.add('editing');
    var edit = li.querySelector('.edit');
    edit.focus();
    edit.setSelectionRange(edit.value.length, edit.value.length);
  });

  list.addEventListener('keydown', function (e) {
    if (!e.target.classList.contains('edit')) { return; }
    if (e.key === 'Enter') {
      e.target.blur();
    } else if (e.key === 'Escape') {
      // Cancel: leave editing before the blur that follows, so the blur saves nothing.
      var found = find(e.target);
      found.li.classList.remove('editing');
      e.target.value = found.todo.title;
      render();
    }
  });

  list.addEventListener('focusout', function (e) {
    if (!e.target.classList.contains('edit')) { return; }
    var found = find(e.target);
    if (!found.li.classList.contains('editing') || !found.todo) { return; }
    found.li.classList.remove('editing');
    var title = e.target.value.trim();
    if (!title) {
      remove(found.todo).catch(report);
    } else if (title !== found.todo.title) {
      api('PATCH', todoUrl(found.todo), { title: title }).then(function (updated) {
        replace(updated);
        render();
      }).catch(report);
    } else {
      render();
    }
  });

  toggleAll.addEventListener('change', function () {
    var completed = toggleAll.checked;
    Promise.all(todos.filter(function (t) { return t.completed !== completed; }).map(function (todo) {
      return api('PATCH', todoUrl(todo), { completed: completed }).then(replace);
    })).then(render).catch(report);
  });

  clearCompleted.addEventListener('click', function () {
    api('DELETE', todosUrl() + '?completed=true').then(function () {
      todos = todos.filter(function (t) { return !t.completed; });
      render();
    }).catch(report);
  });

  window.addEventListener('hashchange', render);

  // realtime.js: this list changed in another page (or tab, or device): reload its todos. Never
  // while a request of this page is in flight (its own answer would then be applied twice), and a
  // reload overtaken by a write of this page is dropped: the page reloads again once it is idle.
  var live = { pending: 0, writes: 0, stale: false };
  live.started = function (method) { live.pending++; if (method !== 'GET') { live.writes++; } };
  live.settled = function () { live.pending--; if (live.stale && live.pending === 0) { Promise.resolve().then(live.reload); } };
  live.reload = function () {
    if (!listId) { return; }
    if (live.pending > 0) { live.stale = true; return; }
    live.stale = false;
    var writes = live.writes;
    api('GET', todosUrl()).then(function (items) {
      if (live.writes !== writes || live.pending > 0) { live.stale = true; return; }
      todos = items.map(function (t) { return { id: t.id, title: t.title, completed: t.completed }; });
      render();
    }).catch(report);
  };
  document.addEventListener('atrium:list-changed', live.reload);

  // Accounts: signing in or up reloads the page, which the server renders for the new session
  // (with a new antiforgery token: the old one belongs to the previous identity).
  var form = document.querySelector('.auth-form');
  if (form) {
    var mode = 'sign-in';
    var error = form.querySelector('.auth-error');
    var show = function (next) {
      mode = next;
      form.hidden = false;
      form.querySelector('.auth-username').hidden = mode !== 'sign-up';
      form.querySelector('.auth-submit').textContent = mode === 'sign-up' ? 'Sign up' : 'Sign in';
      form.querySelector('.auth-password').autocomplete = mode === 'sign-up' ? 'new-password' : 'current-password';
      error.hidden = true;
      form.querySelector(mode === 'sign-up' ? '.auth-username' : '.auth-email').focus();
    };
    document.querySelector('.show-sign-in').addEventListener('click', function () { show('sign-in'); });
    document.querySelector('.show-sign-up').addEventListener('click', function () { show('sign-up'); });
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      var data = { email: form.email.value, password: form.password.value };
      if (mode === 'sign-up') { data.username = form.username.value; }
      api('POST', '/session/' + mode, data).then(function () { location.reload(); }).catch(function (failure) {
        var errors = failure.body && failure.body.errors ? failure.body.errors : { request: ['failed'] };
        error.textContent = Object.keys(errors).map(function (k) { return k + ' ' + errors[k].join(', '); }).join('; ');
        error.hidden = false;
      });
    });
  }

  var signOut = document.querySelector('.sign-out');
  if (signOut) {
    signOut.addEventListener('click', function () {
      api('POST', '/session/sign-out').then(function () { location.reload(); }).catch(report);
    });
  }

  var select = document.querySelector('.list-select');
  if (select) {
    select.addEventListener('change', function () {
      location.assign('/todo/?list=' + encodeURIComponent(select.value) + location.hash);
    });
    document.querySelector('.new-list').addEventListener('click', function () {
      api('POST', listsUrl, { title: 'List ' + (select.options.length + 1) }).then(function (created) {
        location.assign('/todo/?list=' + encodeURIComponent(created.id) + location.hash);
      }).catch(report);
    });
  }

  render();
  newTodo.focus();
  // Marks the page interactive (its handlers attached): the first paint is already usable to read.
  body.dataset.ready = 'true';
}());
