// The main menu without anything to learn: the page's styles fold it behind its button on narrow screens and
// show it as a row on wide ones, with or without this script. The script only helps:
// - a browser that cannot show a closed <details>' content from its styles (no ::details-content) has the
//   menu opened where it is a row, and closed where it folds;
// - the account's panel closes on a click elsewhere or on Escape, as a menu does.
(() => {
  const menu = document.getElementById("site-menu");
  if (!menu) {
    return;
  }
  if (!CSS.supports("selector(::details-content)")) {
    const wide = window.matchMedia("(min-width: 64rem)");
    const follow = () => {
      menu.open = wide.matches;
    };
    follow();
    wide.addEventListener("change", follow);
  }

  const account = document.getElementById("account-menu");
  if (!account) {
    return;
  }
  document.addEventListener("click", (event) => {
    if (account.open && !account.contains(event.target)) {
      account.open = false;
    }
  });
  account.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && account.open) {
      account.open = false;
      account.querySelector("summary").focus();
    }
  });
})();
