'use strict';
// What every console page builds its DOM and calls the console's API with: loaded before the page's own script.

/** An element with attributes (className, text, or any attribute; null/false leave it out) and children. */
function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  Object.entries(attributes || {}).forEach(([name, value]) => {
    if (value === null || value === undefined || value === false) return;
    if (name === 'className') node.className = value;
    else if (name === 'text') node.textContent = value;
    else node.setAttribute(name, value === true ? '' : value);
  });
  children.flat(Infinity).forEach(child => child !== null && child !== undefined &&
    node.append(child instanceof Node ? child : document.createTextNode(String(child))));
  return node;
}

// Every write carries the session's CSRF token (the cookie the console set), as Spring Security expects it.
function csrfToken() {
  const cookie = document.cookie.split('; ').find(each => each.startsWith('XSRF-TOKEN='));
  return cookie ? decodeURIComponent(cookie.substring('XSRF-TOKEN='.length)) : '';
}

/** A JSON call: { ok, status, body } with body null when the answer is not JSON. */
async function json(url, options) {
  const request = Object.assign({ headers: { Accept: 'application/json' } }, options);
  if (request.method && request.method !== 'GET') {
    request.headers = Object.assign({ 'X-XSRF-TOKEN': csrfToken() }, request.headers);
  }
  const response = await fetch(url, request);
  let body = null;
  try { body = await response.json(); } catch (e) { body = null; }
  return { ok: response.ok, status: response.status, body };
}
