// Live updates for the todo page: joins the open list's group on /hubs/todo-lists and tells app.js
// (the 'atrium:list-changed' event) when any page changed the list. SignalR's JSON protocol over a
// plain WebSocket, no client library: the session cookie (or, for a guest list, the capability id
// the page already holds) authorises. Reconnects with backoff and catches up after a reconnect.
(function () {
  'use strict';

  var SEPARATOR = '\u001e';
  var body = document.body;
  var socket = null;
  var joined = null;
  var joining = null;
  var nextId = 1;
  var backoff = 0;
  var connectedBefore = false;
  var pinger = null;

  function send(message) {
    if (socket && socket.readyState === WebSocket.OPEN) { socket.send(JSON.stringify(message) + SEPARATOR); }
  }

  function changed() { document.dispatchEvent(new CustomEvent('atrium:list-changed')); }

  function join() {
    var listId = body.dataset.listId;
    if (!listId || listId === joined || !socket || socket.readyState !== WebSocket.OPEN) { return; }
    joined = listId;
    joining = String(nextId++);
    send({ type: 1, invocationId: joining, target: 'Join', arguments: [listId] });
  }

  function receive(message, handshake) {
    if (handshake) {
      if (message.error) { console.warn('realtime: ' + message.error); socket.close(); return; }
      backoff = 0;
      joined = null;
      join();
      // Changes made while this page was offline: reload once.
      if (connectedBefore) { changed(); }
      connectedBefore = true;
      return;
    }

    if (message.type === 1 && message.target === 'listChanged') { changed(); }
    else if (message.type === 3 && message.invocationId === joining) {
      if (message.error) { console.warn('realtime: ' + message.error); } else { body.dataset.realtime = 'joined'; }
    }
    else if (message.type === 7) { socket.close(); }
  }

  function connect() {
    var handshaken = false;
    socket = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/hubs/todo-lists');
    socket.onopen = function () {
      socket.send(JSON.stringify({ protocol: 'json', version: 1 }) + SEPARATOR);
      // The server drops a client it has not heard from for twice its keep-alive interval.
      pinger = setInterval(function () { send({ type: 6 }); }, 10000);
    };
    socket.onmessage = function (e) {
      e.data.split(SEPARATOR).forEach(function (frame) {
        if (!frame) { return; }
        var message = JSON.parse(frame);
        receive(message, !handshaken);
        handshaken = true;
      });
    };
    socket.onclose = function () {
      clearInterval(pinger);
      body.dataset.realtime = 'disconnected';
      joined = null;
      backoff = Math.min(backoff ? backoff * 2 : 1000, 30000);
      setTimeout(connect, backoff);
    };
  }

  // A visitor's first todo creates the list (app.js sets data-list-id then): join it.
  new MutationObserver(join).observe(body, { attributes: true, attributeFilter: ['data-list-id'] });
  connect();
}());
