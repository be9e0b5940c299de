/*
 * declare.js - province -> district -> commune pickers for the declaration
 * form.  Without this script the form still works: each commune is a text
 * input for its code.  With it, each such input becomes hidden and three
 * selects (without a name, so they are never submitted) fill it in.
 * The list comes from /units.json, made at build time from the units
 * table: {"p":[[code,name]...], "d":{p:[[code,name]...]}, "c":{d:[...]}}.
 * A district without communes (the island districts) is itself the code.
 * No framework, ES5, no inline script (CSP script-src 'self').
 */
(function () {
  'use strict';

  var inputs = document.querySelectorAll('input[data-commune]');
  if (!inputs.length || !window.XMLHttpRequest || !window.JSON) {
    return;
  }

  function option(select, value, text) {
    var o = document.createElement('option');
    o.value = value;
    o.textContent = text;
    select.appendChild(o);
  }

  function fill(select, items, placeholder) {
    var i;
    while (select.firstChild) {
      select.removeChild(select.firstChild);
    }
    option(select, '', placeholder);
    for (i = 0; i < items.length; i++) {
      option(select, items[i][0], items[i][1]);
    }
    select.disabled = items.length === 0;
  }

  function makeSelect(id, label) {
    var s = document.createElement('select');
    s.id = id;
    s.setAttribute('aria-label', label);
    return s;
  }

  function build(input, u, districtOf, provinceOf) {
    var wrap = document.createElement('div');
    var ps = makeSelect(input.id + '-p', 'Tỉnh/thành phố');
    var ds = makeSelect(input.id + '-d', 'Quận/huyện');
    var cs = makeSelect(input.id + '-c', 'Xã/phường');
    var label = document.querySelector('label[for="' + input.id + '"]');
    var place = input.parentNode.querySelector('.place');
    var code = input.value, d, p;

    wrap.className = 'picker';
    wrap.appendChild(ps);
    wrap.appendChild(ds);
    wrap.appendChild(cs);
    if (label) {
      label.htmlFor = ps.id;
    }
    if (input.getAttribute('aria-invalid')) {
      ps.setAttribute('aria-invalid', 'true');
      ps.setAttribute('aria-describedby', input.getAttribute('aria-describedby'));
    }

    function communesOf(district) {
      return u.c[district] || [];
    }

    function update() {
      var v = cs.value;
      if (!v && ds.value && communesOf(ds.value).length === 0) {
        v = ds.value;          /* an island district: no communes */
      }
      input.value = v;
      if (place) {
        place.parentNode.removeChild(place);
        place = null;
      }
    }

    fill(ps, u.p, '— Tỉnh/thành phố —');
    fill(ds, [], '— Quận/huyện —');
    fill(cs, [], '— Xã/phường —');
    ps.onchange = function () {
      fill(ds, u.d[ps.value] || [], '— Quận/huyện —');
      fill(cs, [], '— Xã/phường —');
      update();
    };
    ds.onchange = function () {
      fill(cs, communesOf(ds.value), '— Xã/phường —');
      update();
    };
    cs.onchange = update;

    /* A value typed before (the page came back with messages). */
    d = districtOf[code] || (provinceOf[code] ? code : null);
    p = d ? provinceOf[d] : null;
    if (p) {
      ps.value = p;
      fill(ds, u.d[p] || [], '— Quận/huyện —');
      ds.value = d;
      fill(cs, communesOf(d), '— Xã/phường —');
      if (d !== code) {
        cs.value = code;
      }
    }
    input.parentNode.insertBefore(wrap, input);
    input.type = 'hidden';
  }

  function setup(u) {
    var districtOf = {}, provinceOf = {}, k, i, list;
    if (!u || !u.p || !u.d || !u.c) {
      return;
    }
    for (k in u.d) {
      if (Object.prototype.hasOwnProperty.call(u.d, k)) {
        list = u.d[k];
        for (i = 0; i < list.length; i++) {
          provinceOf[list[i][0]] = k;
        }
      }
    }
    for (k in u.c) {
      if (Object.prototype.hasOwnProperty.call(u.c, k)) {
        list = u.c[k];
        for (i = 0; i < list.length; i++) {
          districtOf[list[i][0]] = k;
        }
      }
    }
    for (i = 0; i < inputs.length; i++) {
      build(inputs[i], u, districtOf, provinceOf);
    }
    document.documentElement.className += ' js';
  }

  var xhr = new XMLHttpRequest();
  xhr.open('GET', '/units.json');
  xhr.onload = function () {
    var u = null;
    if (xhr.status !== 200) {
      return;
    }
    try {
      u = JSON.parse(xhr.responseText);
    } catch (e) {
      return;
    }
    setup(u);
  };
  xhr.send();
}());
