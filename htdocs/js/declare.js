/*
 * declare.js - what the declaration forms (the citizen's, the family's,
 * the officer's paper entries) gain with JavaScript.  Without it each
 * form still works: the server looks up a commune typed by name, fills
 * the places ticked "same as permanent residence", and every member's
 * block of the family form is a <details> to unfold.
 *
 *  - each commune field offers the communes whose name matches what is
 *    typed (js/unit-search.js, loaded beside this one);
 *  - a place ticked "same as permanent residence" hides its inputs;
 *  - the family form shows one more member at a time ("Thêm người");
 *  - the error summary's links put the cursor in the field.
 * No framework, ES5, no inline script (CSP script-src 'self').
 */
(function () {
  'use strict';

  /* --------------------------------------- same as permanent residence */

  function sameAs(box) {
    var target = document.getElementById(box.getAttribute('data-same'));
    function update() {
      if (target) {
        target.hidden = box.checked;
      }
    }
    box.addEventListener('change', update);
    update();
  }

  /* -------------------------------------------------- family members */

  function members(form) {
    var blocks = form.querySelectorAll('details.member');
    var button = document.createElement('button');
    var i, last = null;

    if (!blocks.length) {
      return;
    }
    function hiddenOnes() {
      var out = [], k;
      for (k = 0; k < blocks.length; k++) {
        if (blocks[k].hidden) {
          out.push(blocks[k]);
        }
      }
      return out;
    }
    for (i = 0; i < blocks.length; i++) {
      if (!blocks[i].open) {
        blocks[i].hidden = true;
      } else {
        last = blocks[i];
      }
    }
    button.type = 'button';
    button.className = 'add-member';
    button.textContent = 'Thêm người';
    button.hidden = hiddenOnes().length === 0;
    (last || blocks[0]).parentNode.appendChild(button);
    button.addEventListener('click', function () {
      var rest = hiddenOnes(), field;
      if (!rest.length) {
        return;
      }
      rest[0].hidden = false;
      rest[0].open = true;
      field = rest[0].querySelector('input');
      if (field) {
        field.focus();
      }
      button.hidden = rest.length === 1;
    });
  }

  /* ------------------------------------------------------ the summary */

  function summary(box) {
    box.addEventListener('click', function (e) {
      var href = e.target.getAttribute && e.target.getAttribute('href');
      var field = href && href.charAt(0) === '#' &&
        document.getElementById(href.slice(1));
      if (field) {
        e.preventDefault();
        field.focus();
        if (field.scrollIntoView) {
          field.scrollIntoView({ block: 'center' });
        }
      }
    });
    box.focus();
  }

  var k, list;

  list = document.querySelectorAll('input[data-same]');
  for (k = 0; k < list.length; k++) {
    sameAs(list[k]);
  }
  list = document.querySelectorAll('form');
  for (k = 0; k < list.length; k++) {
    members(list[k]);
  }
  if (document.getElementById('error-summary')) {
    summary(document.getElementById('error-summary'));
  }
  document.documentElement.className += ' js';
}());
