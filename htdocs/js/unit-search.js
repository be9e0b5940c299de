/*
 * unit-search.js - a unit chosen by its name (lib/unitfield.h): each
 * input.unit-search offers, while one types a few letters (with or
 * without tone marks), the units whose name matches, from
 * GET /declare/units?q= (at most 20, best first; the input's
 * data-search adds "all=1&within=<code>" for an administrator's units).
 * Picking one writes its label into the text and its code into the
 * hidden input beside it (named by the box's data-unit-field); typing again
 * clears the code, and the server then looks the text up itself, as it
 * does when there is no script at all.  Used by the declaration forms
 * and /admin-accounts.  No framework, ES5, no inline script (CSP).
 */
(function () {
  'use strict';

  var DELAY_MS = 180;

  /* ------------------------------------------------ commune search */

  function hiddenCode(box) {
    var name = box.getAttribute('data-unit-field');
    var input = box.querySelector('input[type=hidden][name="' + name + '"]');
    if (!input) {
      input = document.createElement('input');
      input.type = 'hidden';
      input.name = name;
      box.appendChild(input);
    }
    return input;
  }

  function dropChoices(box) {
    var choices = box.querySelector('fieldset.choices');
    if (choices) {
      choices.parentNode.removeChild(choices);
    }
  }

  function combobox(input) {
    var box = input.parentNode;
    var list = document.createElement('ul');
    var items = [], active = -1, timer = null, xhr = null;

    list.className = 'suggest';
    list.id = input.id + '-list';
    list.setAttribute('role', 'listbox');
    list.hidden = true;
    input.parentNode.insertBefore(list, input.nextSibling);
    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-controls', list.id);
    input.setAttribute('aria-expanded', 'false');

    function close() {
      list.hidden = true;
      input.setAttribute('aria-expanded', 'false');
      input.removeAttribute('aria-activedescendant');
      active = -1;
    }

    function pick(item) {
      input.value = item.label;
      hiddenCode(box).value = item.code;
      dropChoices(box);
      close();
    }

    function mark(k) {
      var lis = list.children, i;
      active = k;
      for (i = 0; i < lis.length; i++) {
        lis[i].setAttribute('aria-selected', i === k ? 'true' : 'false');
      }
      if (k >= 0 && lis[k]) {
        input.setAttribute('aria-activedescendant', lis[k].id);
      }
    }

    function show(found) {
      var i, li;
      items = found;
      while (list.firstChild) {
        list.removeChild(list.firstChild);
      }
      for (i = 0; i < items.length; i++) {
        li = document.createElement('li');
        li.id = list.id + '-' + i;
        li.setAttribute('role', 'option');
        li.textContent = items[i].label;
        li.setAttribute('data-k', String(i));
        list.appendChild(li);
      }
      if (!items.length) {
        li = document.createElement('li');
        li.className = 'none';
        li.textContent = 'Không tìm thấy xã/phường có tên này.';
        list.appendChild(li);
      }
      list.hidden = false;
      input.setAttribute('aria-expanded', 'true');
      mark(-1);
    }

    function search() {
      var q = input.value.replace(/^\s+|\s+$/g, '');
      if (xhr) {
        xhr.abort();
      }
      if (q.length < 2) {
        close();
        return;
      }
      xhr = new XMLHttpRequest();
      xhr.open('GET', '/declare/units?q=' + encodeURIComponent(q) +
        (input.getAttribute('data-search') ? '&' + input.getAttribute('data-search') : ''));
      xhr.setRequestHeader('Accept', 'application/json');
      xhr.onload = function () {
        var answer;
        if (xhr.status !== 200) {
          return;
        }
        try {
          answer = JSON.parse(xhr.responseText);
        } catch (e) {
          return;
        }
        show(answer.items || []);
      };
      xhr.send();
    }

    input.addEventListener('input', function () {
      /* The text no longer names the commune picked: the server looks it
       * up unless another is picked. */
      hiddenCode(box).value = '';
      dropChoices(box);
      clearTimeout(timer);
      timer = setTimeout(search, DELAY_MS);
    });
    input.addEventListener('keydown', function (e) {
      var n = items.length;
      if (list.hidden || !n) {
        return;
      }
      if (e.key === 'ArrowDown' || e.keyCode === 40) {
        mark((active + 1) % n);
        e.preventDefault();
      } else if (e.key === 'ArrowUp' || e.keyCode === 38) {
        mark((active + n - 1) % n);
        e.preventDefault();
      } else if ((e.key === 'Enter' || e.keyCode === 13) && active >= 0) {
        pick(items[active]);
        e.preventDefault();
      } else if (e.key === 'Escape' || e.keyCode === 27) {
        close();
      }
    });
    /* mousedown, not click: it comes before the input loses focus. */
    list.addEventListener('mousedown', function (e) {
      var k = e.target.getAttribute && e.target.getAttribute('data-k');
      if (k !== null && k !== undefined && items[+k]) {
        pick(items[+k]);
        e.preventDefault();
      }
    });
    input.addEventListener('blur', function () {
      setTimeout(close, 150);
    });
  }

  var k, list;

  if (!window.XMLHttpRequest || !window.JSON) {
    return;
  }
  list = document.querySelectorAll('input.unit-search');
  for (k = 0; k < list.length; k++) {
    combobox(list[k]);
  }
}());
